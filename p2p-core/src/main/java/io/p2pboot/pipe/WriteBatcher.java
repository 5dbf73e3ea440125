package io.p2pboot.pipe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces writes from any thread into one event-loop task and one flush per burst: a sender
 * that writes many small messages costs one syscall per burst, not one per message.
 */
final class WriteBatcher {

    /** A queued write and its caller's future; also the listener that completes it (one object per write). */
    private record Pending(Object message, CompletableFuture<Void> done) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture f) {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        }
    }

    private final Channel channel;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable flushTask = this::drain;

    WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    CompletableFuture<Void> write(Object message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(message, done));
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(flushTask);
        }
        return done;
    }

    /** Runs on the event loop; also called before a graceful close so nothing queued is lost. */
    void drain() {
        scheduled.set(false);
        Pending p;
        boolean wrote = false;
        while ((p = queue.poll()) != null) {
            channel.write(p.message()).addListener(p);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
