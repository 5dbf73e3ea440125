package io.p2pboot.protocol;

import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What one connection's decoder holds of the peer's {@link InboundMemory}: the reservation for
 * the payload being read (made at its header, handed over with its frame), the credit a read
 * burst takes at once for its small messages, the wait (with reading paused) when a reservation
 * does not fit, and the eviction of a payload that stalls while other connections wait.
 *
 * <p>Not sharable; all methods must be called on the channel's event loop.
 */
final class PayloadMemory {

    /** What a read burst takes from the memory pool at once for its small messages. */
    static final int BURST_CREDIT = 64 * 1024;

    /** The decoder's side of a wait and of an eviction. */
    interface Listener {
        /** The reservation waited for is held now and reading is on again: decode what arrived meanwhile. */
        void granted(ChannelHandlerContext ctx);

        /** The payload of {@code size} bytes held its reservation, incomplete, for {@code heldNanos} while others waited. */
        void stalled(ChannelHandlerContext ctx, int size, long heldNanos);
    }

    private final InboundMemory memory;
    private final Listener listener;
    /** Bytes reserved for the payload being read; handed over with its frame. */
    private int reserved;
    /**
     * Bytes taken from the memory pool in one go for the small messages of a read burst, not yet
     * spent on a payload: one atomic operation on the shared pool per burst, not one per message.
     * Given back when the burst ends, so idle connections hold none.
     */
    private int credit;
    /** Set while the payload's reservation waits for memory: nothing is decoded until it is granted. */
    private @Nullable MemoryWait waiting;
    /** Whether waiting for memory turned reading off (and its grant turns it on again). */
    private boolean readingPaused;
    /** The payload holding its reservation across reads; {@code null} when none does. */
    private @Nullable Collecting collecting;
    private boolean closed;

    PayloadMemory(InboundMemory memory, Listener listener) {
        this.memory = memory;
        this.listener = listener;
    }

    /** Whether reading stopped because the next payload waits for memory. */
    boolean isWaiting() {
        return waiting != null;
    }

    /**
     * Holds {@code size} bytes for the payload being read (a no-op when it already does): answers
     * whether it does, or else stops reading until they are {@link Listener#granted granted}.
     */
    boolean reserve(ChannelHandlerContext ctx, int size) {
        if (reserved > 0) {
            return true;
        }
        if (size <= credit || size < BURST_CREDIT && memory.tryReserve(BURST_CREDIT)
                && (credit += BURST_CREDIT) >= size) {
            credit -= size;
            reserved = size;
            return true;
        }
        if (memory.tryReserve(size)) {
            reserved = size;
            return true;
        }
        MemoryWait wait = new MemoryWait(ctx, size);
        waiting = wait;
        pauseReading(ctx);
        memory.await(wait, size);
        watchForStalls(wait);
        return false;
    }

    /** The payload's frame was emitted: its consumer gives the reservation back. */
    void handedOver() {
        reserved = 0;
        collected();
    }

    /** Stops reading, unless reading is already off. */
    void pauseReading(ChannelHandlerContext ctx) {
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            readingPaused = true;
        }
    }

    /** After a read: a payload still incomplete now holds its reservation across reads. */
    void afterRead(ChannelHandlerContext ctx) {
        if (reserved > 0 && collecting == null && memory.stallNanos() > 0) {
            collecting = new Collecting(ctx, reserved);
            memory.collecting(collecting);
        }
    }

    /** The read burst ended: its unspent credit goes back to the pool. */
    void burstEnded() {
        if (credit > 0) {
            memory.release(credit);
            credit = 0;
        }
    }

    /** The decoder was removed: everything held goes back to the pool. */
    void close() {
        closed = true;
        burstEnded();
        collected();
        if (waiting != null) {
            memory.cancel(waiting); // when already granted, its task gives the bytes back
            waiting = null;
        }
        if (reserved > 0) {
            memory.release(reserved);
            reserved = 0;
        }
    }

    private void collected() {
        if (collecting != null) {
            memory.collected(collecting);
            collecting = null;
        }
    }

    private void resume(MemoryWait wait) {
        if (closed || waiting != wait) {
            memory.release(wait.size);
            return;
        }
        waiting = null;
        reserved = wait.size;
        if (readingPaused) {
            readingPaused = false;
            wait.ctx.channel().config().setAutoRead(true);
        }
        listener.granted(wait.ctx);
    }

    /** While this connection waits for memory: every stall limit, evicts payloads that stall the others. */
    private void watchForStalls(MemoryWait wait) {
        long nanos = memory.stallNanos();
        if (nanos > 0) {
            wait.ctx.executor().schedule(() -> {
                if (waiting == wait && !closed) {
                    memory.evictStalled();
                    watchForStalls(wait);
                }
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A payload's reservation, queued until memory is released. Granted on any thread (even at
     * once, or by another channel on this event loop), it resumes in a task of its own, never
     * inside someone else's read.
     */
    private final class MemoryWait implements InboundMemory.Waiter {
        private final ChannelHandlerContext ctx;
        private final int size;

        MemoryWait(ChannelHandlerContext ctx, int size) {
            this.ctx = ctx;
            this.size = size;
        }

        @Override
        public void granted() {
            ctx.executor().execute(() -> resume(this));
        }
    }

    /** A payload that holds its reservation across reads; evicted when it stalls while others wait for memory. */
    private final class Collecting implements InboundMemory.Holder {
        private final ChannelHandlerContext ctx;
        private final int size;
        private final long since = System.nanoTime();

        Collecting(ChannelHandlerContext ctx, int size) {
            this.ctx = ctx;
            this.size = size;
        }

        @Override
        public long since() {
            return since;
        }

        @Override
        public void evict() {
            ctx.executor().execute(() -> {
                if (collecting != this || closed) {
                    return;
                }
                collected();
                listener.stalled(ctx, size, System.nanoTime() - since);
            });
        }
    }
}
