package io.p2pboot.pipe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A short busy-wait before blocking, for a wait that usually ends within microseconds (a reply
 * to a request): parking and being woken costs more than that on small machines, where an idle
 * CPU must be brought back. At most half the cores spin at once (at least one thread); other
 * waiters block at once, so spinning never crowds out the threads doing the work waited for.
 * (Spinning in {@code connect} and {@code close} was measured and made handshakes slower: there
 * both event loops work while the caller waits, and a spinning caller takes one of two cores.)
 *
 * <p>The spinner yields its CPU on every turn rather than only pausing: the thread it waits for
 * (an event loop, a handler) may have been woken onto the spinner's own CPU, and would otherwise
 * queue behind it until the scheduler preempts the spinner. On two cores that queueing made a
 * fifth of the round trips take over 200 µs; yielding lets it run at once.
 */
final class Spin {

    /** The longest spin. */
    static final long NANOS = 100_000;

    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger spinners = new AtomicInteger();

    private Spin() {
    }

    /** Spins until {@code done} holds or {@code nanos} passed; answers whether it holds. */
    static boolean until(BooleanSupplier done, long nanos) {
        if (done.getAsBoolean()) {
            return true;
        }
        if (spinners.incrementAndGet() > MAX_SPINNERS) {
            spinners.decrementAndGet();
            return false;
        }
        try {
            long end = System.nanoTime() + nanos;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() - end >= 0) {
                    return false;
                }
                Thread.yield();
            }
            return true;
        } finally {
            spinners.decrementAndGet();
        }
    }
}
