package io.p2pboot.bench.raw;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

/** The raw side of {@code idle-10k}: a Netty server that only holds its channels (in a group). */
public final class RawIdleServer implements AutoCloseable {

    private final RawNetty net = new RawNetty();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

    public RawIdleServer() throws InterruptedException {
        server = net.listen(new Holder());
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public int connections() {
        return channels.size();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        net.close();
    }

    @ChannelHandler.Sharable
    private final class Holder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            channels.add(ctx.channel());
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
