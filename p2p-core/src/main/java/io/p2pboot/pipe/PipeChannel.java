package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PipeProtocol} sees of the pipe it runs on: the channel's pipeline, event loop and
 * allocator; the pipe's receive path, handler queue, batched writes and its one close. The pipe
 * keeps its lifecycle; the protocol only adds meaning to the bytes.
 */
public final class PipeChannel {

    /**
     * How long a blocked sender spins before it waits: the event loop usually frees room within
     * microseconds (the socket took the last write), and being woken costs more than that.
     */
    private static final long WRITABLE_SPIN_NANOS = 30_000;

    private final Pipe pipe;

    PipeChannel(Pipe pipe) {
        this.pipe = pipe;
    }

    /** The pipe this protocol runs on. */
    public Pipe pipe() {
        return pipe;
    }

    public ChannelPipeline pipeline() {
        return pipe.channel.pipeline();
    }

    public EventLoop eventLoop() {
        return pipe.channel.eventLoop();
    }

    public ByteBufAllocator alloc() {
        return pipe.channel.alloc();
    }

    public @Nullable InetSocketAddress remoteAddress() {
        return pipe.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return pipe.localAddress();
    }

    // ---- receiving

    /**
     * The pipe's receive path, ending in {@code sink}; once per pipe, at install.
     *
     * @param limit the received bytes held for the sink before the channel stops reading
     * @param freed told of bytes given back (delivered, taken, or dropped as the pipe ended),
     *     once each: for whoever else counts them (a peer's shared memory)
     */
    public <T> PipeInbound<T> receiveWith(PipeInbound.Sink<T> sink, long limit, LongConsumer freed) {
        return pipe.receiveWith(sink, limit, freed);
    }

    /** Runs {@code task} on the pipe's handler queue: in order with deliveries and the pipe's end. */
    public void execute(Runnable task) {
        pipe.dispatcher.execute(task);
    }

    // ---- sending

    /** Writes a buffer (the pipe takes ownership), batched with the burst's other writes. */
    public CompletableFuture<Void> write(ByteBuf buffer) {
        return pipe.send(buffer);
    }

    /** Writes {@code header} then {@code payload}, both copied before this returns into the burst's shared buffer. */
    public CompletableFuture<Void> writeCopies(byte[] header, byte[] payload) {
        return pipe.writeCopies(header, payload);
    }

    /**
     * Writes {@code buffer}'s readable bytes, batched with the burst's other writes, without taking
     * it (the caller keeps and releases it) and without a future: small buffers are copied into the
     * burst's shared buffer before this returns, larger ones are written as a retained duplicate.
     */
    public void writeKept(ByteBuf buffer) {
        pipe.writeCopy(buffer);
    }

    /** The most bytes a {@link CopiedWrite} may write. */
    public static final int COPY_LIMIT = WriteBatcher.MERGE_LIMIT;

    /**
     * Writes what {@code write} copies into the burst's shared buffer before this returns, batched
     * with the burst's other writes, without a future: for a writer that keeps the message in its
     * own form and learns of its delivery otherwise (a session's acknowledgment).
     */
    public void writeCopy(CopiedWrite write) {
        if (write.length() > COPY_LIMIT) {
            throw new IllegalArgumentException("a copied write takes at most " + COPY_LIMIT + " bytes, not " + write.length());
        }
        pipe.writeCopy(write);
    }

    /** Whether the socket takes more now without queueing in memory. */
    public boolean isWritable() {
        return pipe.isWritable();
    }

    /**
     * Waits until the socket takes more, at most {@code limit}: spins briefly, then blocks until
     * the event loop says there is room. Answers {@code false} only when the limit passed while
     * the pipe stayed open and full (a closed pipe fails the write that follows instead).
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    public boolean awaitWritable(Duration limit) throws InterruptedException {
        if (pipe.isWritable() || Spin.until(pipe::isWritable, WRITABLE_SPIN_NANOS)) {
            return true;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (!pipe.isWritable() && pipe.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return pipe.isWritable() || !pipe.isOpen();
    }

    void writabilityChanged() {
        synchronized (this) {
            notifyAll();
        }
    }

    // ---- closing

    /**
     * Closes the pipe for {@code reason} (the first reason given wins): at once, or given a
     * {@code drainLimit}, once what was queued for sending is out or the limit passed. The future
     * completes, never on an event loop, when the pipe has ended.
     */
    public CompletableFuture<CloseReason> close(CloseReason reason, @Nullable Duration drainLimit) {
        pipe.closeWith(reason, drainLimit);
        return pipe.endFuture();
    }

    /**
     * As {@link #close(CloseReason, Duration)}, for a caller that waits on the pipe itself
     * ({@code pipe().awaitEnd}): no callers' future is made, so the end completes none through the
     * handler executor (a hand-off, and a thread woken, per close).
     */
    public void startClose(CloseReason reason, @Nullable Duration drainLimit) {
        pipe.closeWith(reason, drainLimit);
    }

    /** Closes for {@code reason} after what was queued is written (at most {@code con_timeout}). */
    public void closeFor(CloseReason reason) {
        pipe.closeWith(reason, pipe.config.conTimeout());
    }

    @Override
    public String toString() {
        return "PipeChannel[" + pipe + "]";
    }
}
