package io.p2pboot.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Writes messages as fast as the socket takes them, from the event loop: each message is the
 * user's byte array copied once into a pooled direct buffer behind its header (or alone, for a
 * stream), flushed in batches of about 32 KiB, paused while the channel is not writable.
 *
 * <p>Created paused: {@link #resume()} and {@link #pause()} switch it for interleaved runs. The
 * flag is only touched on the event loop, and at most one pump task is queued at a time, so a
 * pause followed by a resume never leaves two pumps running.
 */
public final class RawSender extends ChannelInboundHandlerAdapter {

    private static final int BATCH_BYTES = 32 * 1024;
    private static final int BATCH_MESSAGES = 512;
    private static final int MESSAGES_PER_TURN = 8192;

    private final byte[] header;
    private final byte[] payload;
    private final Runnable pump = this::pump;
    private ChannelHandlerContext ctx;
    private boolean running; // event loop only
    private boolean queued; // event loop only: a pump task is in the executor's queue

    /** @param header the 128-byte header, or {@code null} for a headerless stream */
    public RawSender(byte[] header, byte[] payload) {
        this.header = header;
        this.payload = payload;
    }

    /** Starts writing (again); returns at once. */
    public void resume() {
        ctx.executor().execute(() -> {
            running = true;
            schedule();
        });
    }

    /** Returns once the event loop has stopped writing; frames already written are still on their way. */
    public void pause() {
        ctx.executor().submit(() -> running = false).syncUninterruptibly();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        schedule();
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            schedule();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the run ended and closed the socket under a write: nothing to report
    }

    private void schedule() {
        if (running && !queued) {
            queued = true;
            ctx.executor().execute(pump);
        }
    }

    private void pump() {
        queued = false;
        if (!ctx.channel().isActive()) {
            return; // channelActive schedules the first pump
        }
        int frame = (header == null ? 0 : header.length) + payload.length;
        int batched = 0;
        int written = 0;
        while (running && ctx.channel().isWritable() && written < MESSAGES_PER_TURN) {
            ByteBuf b = ctx.alloc().directBuffer(frame);
            if (header != null) {
                b.writeBytes(header);
            }
            b.writeBytes(payload);
            ctx.write(b, ctx.voidPromise());
            written++;
            batched += frame;
            if (batched >= BATCH_BYTES || written % BATCH_MESSAGES == 0) {
                ctx.flush();
                batched = 0;
            }
        }
        ctx.flush();
        if (ctx.channel().isWritable()) {
            schedule();
        }
    }
}
