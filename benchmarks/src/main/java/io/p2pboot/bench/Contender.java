package io.p2pboot.bench;

/**
 * One side of an interleaved measurement (the library, or its raw baseline), set up once and then
 * switched on and off by {@link Interleaved} so that only one side loads the machine at a time.
 *
 * <p>A contender is created paused. {@link #count()} counts completed units of work (messages
 * received, handshakes done, round trips) and keeps counting work that was in flight when it was
 * paused; the runner waits for it to stop moving before the other side runs.
 */
public interface Contender extends AutoCloseable {

    /** Starts (or restarts) generating load; returns at once. */
    void resume();

    /**
     * Stops starting new work. Returns once the senders have stopped (parked, or their event
     * loop has seen the flag); work already sent may still complete and be counted afterwards.
     *
     * @throws IllegalStateException when a sender failed or did not stop in time
     */
    void pause();

    /** Units of work completed so far; monotonic, readable from any thread. */
    long count();

    /** Stops for good and releases the sockets; a paused contender closes quickly. */
    @Override
    void close() throws Exception;
}
