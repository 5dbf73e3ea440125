package io.p2pboot.protocol;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The received bytes all connections of a peer may hold together: payloads being collected by
 * their {@link FrameDecoder}s and messages waiting for handlers or {@code receive}. A decoder
 * reserves a message's announced size at its header, before a payload byte is buffered, and the
 * bytes are given back once the message was handled. A reservation that does not fit waits in a
 * queue (first come, first served, so a large message is not starved by a stream of small ones)
 * while its connection stops reading; the bound is never exceeded and nothing is refused.
 *
 * <p>A connection could reserve a large message and then send it a byte at a time, holding
 * memory others wait for. So while any connection waits, a payload that has held its reservation
 * for longer than the stall limit without completing is {@link Holder#evict() evicted} (its
 * connection closes, giving the memory back). Without waiters, a message may take as long as
 * its sender needs.
 *
 * <p>Thread-safe: decoders reserve on their event loops, handlers release from any thread.
 */
public final class InboundMemory {

    /** A reservation that did not fit at once: told on some releasing thread when it was made. */
    public interface Waiter {
        /** The bytes asked for were reserved on this waiter's behalf; it owns them now. */
        void granted();
    }

    /** A payload holding a reservation across reads, which {@link #evictStalled} may end. */
    public interface Holder {
        /** When it began to hold the reservation ({@link System#nanoTime()}). */
        long since();

        /** Ends the payload (and its connection), giving the reservation back. */
        void evict();
    }

    private record Pending(Waiter waiter, long bytes) {
    }

    private final long limit;
    private final long stallNanos;
    private final Set<Holder> collecting = ConcurrentHashMap.newKeySet();
    private final AtomicLong used = new AtomicLong();
    /** Waiters in arrival order; guarded by {@code this}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** The queue's length, read without the lock on the fast paths. */
    private volatile int waiting;
    private volatile long peak;
    /** {@link #release} as a function, made once: each connection's receive path takes it. */
    private final LongConsumer releaser = this::release;

    /**
     * @param limit      the most bytes held at once, at least 1
     * @param stallLimit how long a payload may hold its reservation, incomplete, while others
     *                   wait for memory; zero for as long as it likes
     */
    public InboundMemory(long limit, Duration stallLimit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, was " + limit);
        }
        if (stallLimit.isNegative()) {
            throw new IllegalArgumentException("stallLimit must not be negative, was " + stallLimit);
        }
        this.limit = limit;
        this.stallNanos = stallLimit.toNanos();
    }

    /** A pool that never makes anyone wait (it still counts). */
    public static InboundMemory unbounded() {
        return new InboundMemory(Long.MAX_VALUE, Duration.ZERO);
    }

    /** How long a payload may hold its reservation, incomplete, while others wait; 0 for no limit. */
    public long stallNanos() {
        return stallNanos;
    }

    /** A payload holds its reservation across reads: it may be evicted if it stalls while others wait. */
    public void collecting(Holder holder) {
        collecting.add(holder);
    }

    /** The payload is complete (or gone): no longer a candidate for eviction. */
    public void collected(Holder holder) {
        collecting.remove(holder);
    }

    /**
     * Called for a connection that has waited a stall limit: evicts the payloads that have held
     * their reservations, incomplete, for longer than that; answers how many.
     */
    public int evictStalled() {
        if (stallNanos == 0) {
            return 0;
        }
        long cutoff = System.nanoTime() - stallNanos;
        int evicted = 0;
        for (Holder h : collecting) {
            if (h.since() - cutoff < 0 && collecting.remove(h)) {
                h.evict();
                evicted++;
            }
        }
        return evicted;
    }

    public long limit() {
        return limit;
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The most bytes reserved at any one time so far. */
    public long peak() {
        return peak;
    }

    /** Connections waiting for memory now. */
    public int waiting() {
        return waiting;
    }

    /**
     * Reserves {@code bytes} when they fit now and nobody waits before; answers whether it did.
     */
    public boolean tryReserve(long bytes) {
        if (waiting > 0) {
            return false;
        }
        return reserveNow(bytes);
    }

    private boolean reserveNow(long bytes) {
        while (true) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                if (next > peak) {
                    raisePeak(next);
                }
                return true;
            }
        }
    }

    private synchronized void raisePeak(long value) {
        if (value > peak) {
            peak = value;
        }
    }

    /**
     * Queues a reservation that {@link #tryReserve} refused; {@code waiter} is granted it, in
     * turn, once enough bytes were released (possibly at once, on this thread).
     *
     * @throws IllegalArgumentException when {@code bytes} exceeds the limit: it could never fit
     */
    public void await(Waiter waiter, long bytes) {
        if (bytes > limit) {
            throw new IllegalArgumentException(bytes + " bytes can never fit in " + limit);
        }
        synchronized (this) {
            queue.addLast(new Pending(waiter, bytes));
            waiting = queue.size();
        }
        grantWaiting();
    }

    /**
     * Withdraws a queued waiter; answers {@code false} when it is not queued (it was granted,
     * and then owns its reservation).
     */
    public boolean cancel(Waiter waiter) {
        synchronized (this) {
            boolean removed = queue.removeIf(p -> p.waiter() == waiter);
            waiting = queue.size();
            if (!removed) {
                return false;
            }
        }
        grantWaiting(); // the head may have been what held the others back
        return true;
    }

    /** {@link #release}, as one shared object rather than a method reference per connection. */
    public LongConsumer releaser() {
        return releaser;
    }

    /** Gives back bytes reserved earlier, and lets waiters in that now fit. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
        if (waiting > 0) {
            grantWaiting();
        }
    }

    private void grantWaiting() {
        while (true) {
            Pending head;
            synchronized (this) {
                head = queue.peekFirst();
                if (head == null || !reserveNow(head.bytes())) {
                    return;
                }
                queue.pollFirst();
                waiting = queue.size();
            }
            head.waiter().granted();
        }
    }

    @Override
    public String toString() {
        return "InboundMemory[" + used.get() + " of " + limit + " bytes, " + waiting + " waiting]";
    }
}
