package io.p2pboot.bench;

import java.util.concurrent.TimeUnit;

/**
 * Pauses chains of asynchronous steps (a handshake started where the last one closed) between two
 * steps: a paused chain finishes the step it is in and goes idle; a resume hands back how many
 * idle chains to start again. One gate serves every chain of a contender.
 */
public final class ChainGate {

    private static final long PAUSE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Object lock = new Object();
    private final int chains;
    private final String what;
    private boolean paused = true; // guarded by lock
    private int idle; // guarded by lock: chains waiting for a resume

    /**
     * Paused, with every chain idle.
     *
     * @param what the chains, for the message when they do not pause in time
     */
    public ChainGate(int chains, String what) {
        this.chains = chains;
        this.what = what;
        this.idle = chains;
    }

    /** Called by a chain before its next step: {@code false} when paused, and the chain is then idle. */
    public boolean mayGoOn() {
        synchronized (lock) {
            if (paused) {
                idle++;
                lock.notifyAll();
                return false;
            }
            return true;
        }
    }

    /** Opens the gate; answers how many idle chains the caller starts again. */
    public int open() {
        synchronized (lock) {
            paused = false;
            int restart = idle;
            idle = 0;
            return restart;
        }
    }

    /** Closes the gate and returns once every chain is idle; fails after 10 s. */
    public void closeAndWait() {
        synchronized (lock) {
            paused = true;
            long deadline = System.nanoTime() + PAUSE_LIMIT_NANOS;
            try {
                while (idle < chains) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException((chains - idle) + " " + what + " did not pause within 10 s");
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pausing", e);
            }
        }
    }
}
