package io.p2pboot.pipe;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Bounds the received bytes a channel holds while handlers catch up: past the limit the channel
 * stops reading (TCP then slows the sender down), and it reads again once handlers are down to
 * half of it. Memory stays bounded however slow a handler is, and nothing is dropped.
 *
 * <p>Once {@link #end() ended} (the channel is gone), it counts no more: bytes released after
 * that were already given back by {@code end}, so whoever pays for them elsewhere (a peer's
 * shared memory) can tell, exactly once, who gives them back.
 */
final class ReadBudget implements Runnable {

    /** The count once ended: far below zero, so that late takes and releases leave it negative. */
    private static final long ENDED = Long.MIN_VALUE / 2;

    private final Channel channel;
    private final long limit;
    /** Bytes held; a field with an updater, not an object: channels are many. */
    private volatile long pending;
    private static final AtomicLongFieldUpdater<ReadBudget> PENDING =
            AtomicLongFieldUpdater.newUpdater(ReadBudget.class, "pending");

    ReadBudget(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Called on the event loop when bytes are handed to handlers; answers {@code false} once ended. */
    boolean taken(long bytes) {
        long now = PENDING.addAndGet(this, bytes);
        if (now > limit && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
        return now >= 0;
    }

    /**
     * Called from any thread when handlers are done with bytes; answers {@code false} once
     * ended ({@link #end()} then accounted for them).
     */
    boolean released(long bytes) {
        long left = PENDING.addAndGet(this, -bytes);
        if (left < 0) {
            return false;
        }
        if (left <= limit / 2 && !channel.config().isAutoRead() && channel.isOpen()) {
            channel.eventLoop().execute(this); // resumes reading: the budget is its own task, one object fewer per channel
        }
        return true;
    }

    /** Stops counting: answers the bytes still pending (0 when already ended); later releases answer {@code false}. */
    long end() {
        long rest = PENDING.getAndSet(this, ENDED);
        return Math.max(rest, 0);
    }

    /** Bytes handed to handlers and not yet released (0 once ended). */
    long pending() {
        return Math.max(pending, 0);
    }

    /** On the event loop: reads again, unless bytes were taken again meanwhile. */
    @Override
    public void run() {
        if (pending <= limit / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
