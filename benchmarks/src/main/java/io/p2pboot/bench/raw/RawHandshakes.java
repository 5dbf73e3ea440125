package io.p2pboot.bench.raw;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Netty handshakes: connect, send a 128-byte HELLO, read a 128-byte ACCEPT, close; each of
 * {@code clients} chains starts its next handshake when the previous connection has closed.
 */
public final class RawHandshakes {

    private static final byte[] HELLO = RawFraming.padded("HELLO|peer_name=127.0.0.1:1&data_type=bytes&strict=True");
    private static final byte[] ACCEPT = RawFraming.padded("ACCEPT");

    private RawHandshakes() {
    }

    public static double perSecond(int clients, Settings settings) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (RawNetty net = new RawNetty()) {
            Channel server = net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new Answer());
                }
            });
            InetSocketAddress to = (InetSocketAddress) server.localAddress();
            Bootstrap b = net.client(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new Hello());
                }
            });
            for (int i = 0; i < clients; i++) {
                next(b, to, done, running);
            }
            try {
                return Sampler.medianRate(done::get, settings);
            } finally {
                running.set(false);
                server.close().sync();
            }
        }
    }

    private static void next(Bootstrap b, InetSocketAddress to, AtomicLong done, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        b.connect(to).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().eventLoop().schedule(() -> next(b, to, done, running), 1, java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            }
            f.channel().closeFuture().addListener(c -> {
                done.incrementAndGet();
                next(b, to, done, running);
            });
        });
    }

    @ChannelHandler.Sharable
    private static final class Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(HELLO), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            ctx.close();
        }
    }

    @ChannelHandler.Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ACCEPT), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
