package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces writes from any thread into one event-loop task and one flush per burst: a sender
 * that writes many small messages costs one syscall per burst, not one per message. Small
 * buffers queued together are also copied into one buffer and written once, so that Netty's
 * per-write costs (a promise, an outbound entry, a pass through the pipeline) are paid per
 * burst too; a copy of a few hundred bytes is cheaper than any of them.
 *
 * <p>Byte arrays the caller keeps ({@link #writeCopies}) are copied straight into such a shared
 * buffer by the sending thread, so a small message crosses to the event loop as bytes in a
 * pooled buffer: no buffer of its own to allocate on one thread and release on the other, and
 * no second copy.
 */
final class WriteBatcher implements Runnable {

    /** Buffers up to this size are merged with the others of their burst. */
    static final int MERGE_LIMIT = 2048;

    /** The capacity of one merged buffer. */
    static final int MERGED_CAPACITY = 32 * 1024;

    /**
     * Frames from this size on raise the channel's write marks so that {@link #FRAMES_AHEAD} of
     * them fit under the high one. With the fixed 1 MiB mark a sender of 1 MiB messages waited
     * after every message until the socket had taken most of it: the event loop then slept until
     * the sender had copied the next one, and each side woke the other once or twice per message.
     */
    static final int LARGE_FRAME = 256 * 1024;

    /** How many large frames may be on their way before a sender waits. */
    static final int FRAMES_AHEAD = 4;

    /** The highest the marks are raised to: a frame larger than a quarter of it waits as before. */
    static final int MAX_HIGH_WATER = 4 * 1024 * 1024;

    /** A queued write and its caller's future; also the listener that completes it when written alone. */
    private final class Pending implements ChannelFutureListener {
        final Object message;
        final CompletableFuture<Void> done;

        Pending(Object message, CompletableFuture<Void> done) {
            this.message = message;
            this.done = done;
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (!f.isSuccess()) {
                failed(f.cause());
            }
            complete(done, f);
        }
    }

    /** The callers' futures of one merged write, and (for copies made by senders) its buffer. */
    private final class Merged implements ChannelFutureListener {
        final List<CompletableFuture<Void>> futures = new ArrayList<>();
        final ByteBuf buffer;

        Merged(ByteBuf buffer) {
            this.buffer = buffer;
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (!f.isSuccess()) {
                failed(f.cause());
            }
            for (CompletableFuture<Void> done : futures) {
                complete(done, f);
            }
        }
    }

    private final Channel channel;
    /** Told why a write failed; {@code null} for a batcher of no pipe. */
    private final @Nullable Pipe pipe;
    /**
     * {@link Pending} writes and {@link Merged} copies, in the order they were made; guarded by
     * this batcher's lock. Made with the first write, small: idle connections are many, and an
     * accepted one may never write through here.
     */
    private @Nullable ArrayDeque<Object> queue;
    /** The last element of {@link #queue} while senders may still copy into it; guarded by the lock. */
    private @Nullable Merged open;
    /** 1 while a drain is scheduled; a field with an updater, not an object: pipes are many. */
    private volatile int scheduled;
    private static final AtomicIntegerFieldUpdater<WriteBatcher> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(WriteBatcher.class, "scheduled");
    /**
     * Bytes queued here, not yet handed to the channel. They count against the channel's write
     * buffer as Netty's own pending bytes do (through a writability bit of ours): otherwise a
     * sender faster than the event loop could queue without bound before the channel turned
     * unwritable, and each such burst took fresh memory from the allocator.
     */
    private volatile long queuedBytes;
    private static final AtomicLongFieldUpdater<WriteBatcher> QUEUED =
            AtomicLongFieldUpdater.newUpdater(WriteBatcher.class, "queuedBytes");
    /** The index of the user-defined writability bit that stands for this queue. */
    static final int QUEUE_WRITABILITY = 1;
    /** The merged write being filled by {@link #drain()}; event loop only. */
    private @Nullable Merged merged;

    WriteBatcher(Channel channel, @Nullable Pipe pipe) {
        this.channel = channel;
        this.pipe = pipe;
    }

    /**
     * A write failed at the socket. Netty then closes the channel without passing the error down
     * the pipeline, so the pipe would know only that it closed: told here, it can say why (a
     * connection reset while this side was writing, not "closed by the remote side").
     */
    private void failed(Throwable cause) {
        if (pipe != null) {
            pipe.writeFailed(cause);
        }
    }

    CompletableFuture<Void> write(Object message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int size = sizeOf(message);
        if (size >= LARGE_FRAME) {
            makeRoomFor(size);
        }
        synchronized (this) {
            queue().add(new Pending(message, done));
            open = null; // copies made after this message go after it
        }
        count(size);
        schedule();
        return done;
    }

    /**
     * Writes {@code first} and then {@code second} as one message, copied before this returns
     * (the caller may change both arrays at once). Meant for small messages: each copy goes into
     * the shared buffer of its burst, sized for {@link #MERGE_LIMIT} bytes at most.
     */
    CompletableFuture<Void> writeCopies(byte[] first, byte[] second) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        int size = first.length + second.length;
        int opened;
        synchronized (this) {
            Merged before = open;
            Merged batch = roomFor(size);
            batch.buffer.writeBytes(first).writeBytes(second);
            batch.futures.add(done);
            opened = batch == before ? 0 : batch.buffer.capacity();
        }
        merged(opened);
        return done;
    }

    /**
     * The burst's open buffer when it has room for {@code size} more bytes, else a new one, queued
     * and made the open one. Called holding the lock.
     */
    private Merged roomFor(int size) {
        Merged batch = open;
        if (batch != null && batch.buffer.writableBytes() >= size) {
            return batch;
        }
        batch = new Merged(channel.alloc().directBuffer(Math.max(MERGED_CAPACITY, size)));
        queue().add(batch);
        open = batch;
        return batch;
    }

    /**
     * After a copy into the burst's buffer ({@code opened}: the capacity of a buffer the copy
     * opened, or 0): a buffer is counted once, when it is opened (the count
     * is shared with the event loop, and touching it for every small copy cost more than the copy).
     */
    private void merged(int opened) {
        if (opened > 0) {
            count(opened);
        }
        schedule();
    }

    /**
     * Writes a copy of {@code src}'s readable bytes, made before this returns into the burst's
     * shared buffer (the caller keeps {@code src}), with no future: for a writer that learns of
     * delivery otherwise (a session's acknowledgment). At most {@link #MERGE_LIMIT} bytes.
     */
    void writeCopy(ByteBuf src) {
        writeCopy(new BufferCopy(src));
    }

    /** A buffer's readable bytes, as a copied write. */
    private record BufferCopy(ByteBuf src) implements CopiedWrite {
        @Override
        public int length() {
            return src.readableBytes();
        }

        @Override
        public void copyTo(ByteBuf out) {
            out.writeBytes(src, src.readerIndex(), src.readableBytes());
        }
    }

    /** As {@link #writeCopy(ByteBuf)}, with the bytes written by {@code write} itself. */
    void writeCopy(CopiedWrite write) {
        int size = write.length();
        int opened;
        synchronized (this) {
            Merged before = open;
            Merged batch = roomFor(size);
            write.copyTo(batch.buffer);
            opened = batch == before ? 0 : batch.buffer.capacity();
        }
        merged(opened);
    }

    private void count(int size) {
        if (QUEUED.addAndGet(this, size) > queueLimit()) {
            updateWritability();
        }
    }

    private void schedule() {
        // read before the CAS: while a drain is pending, senders only share the line, never take it
        if (scheduled == 0 && SCHEDULED.compareAndSet(this, 0, 1)) {
            channel.eventLoop().execute(this);
        }
    }

    /** Called holding the lock. */
    private ArrayDeque<Object> queue() {
        ArrayDeque<Object> q = queue;
        if (q == null) {
            queue = q = new ArrayDeque<>(2);
        }
        return q;
    }

    private @Nullable Object poll() {
        synchronized (this) {
            Object next = queue == null ? null : queue.poll();
            if (next == open) {
                open = null;
            }
            return next;
        }
    }

    private boolean moreQueued() {
        synchronized (this) {
            return queue != null && !queue.isEmpty();
        }
    }

    /**
     * How much may wait here: as much as the channel itself holds before it turns unwritable, so
     * that at most twice its high-water mark is on its way at once.
     */
    private long queueLimit() {
        return channel.config().getWriteBufferHighWaterMark();
    }

    /**
     * Raises the channel's marks (never lowers them) so that a few frames of this size fit. Any
     * thread may call it: the marks are one volatile field, read whenever the pending count
     * moves; the lock only keeps two senders of different sizes from lowering them in turn.
     */
    private synchronized void makeRoomFor(int frameSize) {
        int high = (int) Math.min(MAX_HIGH_WATER, (long) FRAMES_AHEAD * frameSize);
        if (high > channel.config().getWriteBufferHighWaterMark()) {
            channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        }
    }

    /** Bytes queued here and not yet handed to the channel. */
    long queuedBytes() {
        return queuedBytes;
    }

    private static int sizeOf(Object message) {
        if (message instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return message instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }

    /**
     * Sets the queue's writability bit from the count. Threads that move the count across the
     * mark may set the bit in another order than they moved it, so each checks again afterwards:
     * the last to look leaves the bit matching the count.
     */
    private void updateWritability() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out == null) {
            return; // closed: nothing more is written, nobody need wait
        }
        long high = queueLimit();
        while (true) {
            boolean takesMore = queuedBytes <= high;
            out.setUserDefinedWritability(QUEUE_WRITABILITY, takesMore);
            if ((queuedBytes <= high) == takesMore) {
                return;
            }
        }
    }

    /** The drain, as the event loop's task: the batcher is its own task, one object fewer per pipe. */
    @Override
    public void run() {
        drain();
    }

    /** Runs on the event loop; also called before a graceful close so nothing queued is lost. */
    void drain() {
        scheduled = 0;
        Object next;
        boolean wrote = false;
        long drained = 0;
        while ((next = poll()) != null) {
            wrote = true;
            if (next instanceof Merged copies) {
                drained += copies.buffer.capacity(); // as counted when opened
                writeMerged();
                channel.write(fitted(copies.buffer)).addListener(copies);
                continue;
            }
            Pending p = (Pending) next;
            drained += sizeOf(p.message);
            if (p.message instanceof ByteBuf buf && buf.readableBytes() <= MERGE_LIMIT
                    && (merged != null || moreQueued())) {
                merge(buf, p.done);
            } else {
                writeMerged();
                channel.write(p.message).addListener(p);
            }
        }
        writeMerged();
        if (wrote) {
            // Handed to the channel, which counts them now: the queue's bit may be set again.
            if (QUEUED.getAndAdd(this, -drained) > queueLimit()) {
                updateWritability();
            }
            channel.flush();
        }
    }

    private void merge(ByteBuf buf, CompletableFuture<Void> done) {
        int n = buf.readableBytes();
        if (merged != null && merged.buffer.writableBytes() < n) {
            writeMerged();
        }
        if (merged == null) {
            merged = new Merged(channel.alloc().directBuffer(MERGED_CAPACITY));
        }
        try {
            merged.buffer.writeBytes(buf);
        } finally {
            buf.release();
        }
        merged.futures.add(done);
    }

    private void writeMerged() {
        if (merged != null) {
            channel.write(fitted(merged.buffer)).addListener(merged);
            merged = null;
        }
    }

    /**
     * The bytes of a merged buffer in a buffer of their own size when they would otherwise wait
     * in a mostly empty one. While the socket takes everything, a burst's buffer is written and
     * freed at once, whatever its size. While it does not (a stalled or slow peer), the buffers
     * wait; the channel counts only their bytes against its marks, so a paced sender, one small
     * message per burst, had each of them hold {@link #MERGED_CAPACITY} bytes: a partition of a
     * few seconds at a message a millisecond took over 64 MiB before the channel turned unwritable.
     */
    private ByteBuf fitted(ByteBuf buffer) {
        int size = buffer.readableBytes();
        if (size >= buffer.capacity() / 2 || !waiting()) {
            return buffer;
        }
        ByteBuf fitted = channel.alloc().directBuffer(size, size);
        fitted.writeBytes(buffer, buffer.readerIndex(), size);
        buffer.release();
        return fitted;
    }

    /** Whether earlier writes still wait for the socket. */
    private boolean waiting() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() > 0;
    }

    private static void complete(CompletableFuture<Void> done, ChannelFuture f) {
        if (f.isSuccess()) {
            done.complete(null);
        } else {
            done.completeExceptionally(f.cause());
        }
    }
}
