package io.p2pboot.bench.raw;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicLong;

/** Counts (and releases) every decoded message: the raw receiving "handler". */
@ChannelHandler.Sharable
public final class Counting extends ChannelInboundHandlerAdapter {

    private final AtomicLong count;

    public Counting(AtomicLong count) {
        this.count = count;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the run ended and closed the socket under a write: nothing to report
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        count.incrementAndGet();
    }
}
