package io.p2pboot.pipe;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the received bytes a channel holds while handlers catch up: past the limit the channel
 * stops reading (TCP then slows the sender down), and it reads again once handlers are down to
 * half of it. Memory stays bounded however slow a handler is, and nothing is dropped.
 */
public final class ReadBudget {

    private final Channel channel;
    private final long limit;
    private final AtomicLong pending = new AtomicLong();
    private final Runnable resume = this::resume;

    public ReadBudget(Channel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Called on the event loop when bytes are handed to handlers. */
    public void taken(long bytes) {
        if (pending.addAndGet(bytes) > limit && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    /** Called from any thread when handlers are done with bytes. */
    public void released(long bytes) {
        long left = pending.addAndGet(-bytes);
        if (left <= limit / 2 && !channel.config().isAutoRead() && channel.isOpen()) {
            channel.eventLoop().execute(resume);
        }
    }

    /** Bytes handed to handlers and not yet released. */
    public long pending() {
        return pending.get();
    }

    private void resume() {
        if (pending.get() <= limit / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
