package io.p2pboot.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Writes messages as fast as the socket takes them, from the event loop: each message is the
 * user's byte array copied once into a pooled direct buffer behind its header (or alone, for a
 * stream), flushed in batches of about 32 KiB, paused while the channel is not writable.
 */
public final class RawSender extends ChannelInboundHandlerAdapter {

    private static final int BATCH_BYTES = 32 * 1024;
    private static final int BATCH_MESSAGES = 512;
    private static final int MESSAGES_PER_TURN = 8192;

    private final byte[] header;
    private final byte[] payload;
    private volatile boolean running = true;
    private ChannelHandlerContext ctx;
    private final Runnable pump = this::pump;

    /** @param header the 128-byte header, or {@code null} for a headerless stream */
    public RawSender(byte[] header, byte[] payload) {
        this.header = header;
        this.payload = payload;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        ctx.executor().execute(pump);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            ctx.executor().execute(pump);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the run ended and closed the socket under a write: nothing to report
    }

    private void pump() {
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
        if (running && ctx.channel().isWritable()) {
            ctx.executor().execute(pump);
        }
    }
}
