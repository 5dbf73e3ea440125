package io.p2pboot.bench.raw;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.p2pboot.bench.LoadThreads;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Netty handshakes driven the way the library's are: caller threads that block on the
 * connect, the 128-byte answer and the close, with the same 128 bytes each way as
 * {@link RawHandshakes}. The difference to that event-loop chain is what a blocking API costs
 * in hand-offs alone, with no library in between: a reference for the handshake rows, not a target.
 */
public final class BlockingCallerHandshakes {

    private static final RawHandshakes.Answer ANSWER = new RawHandshakes.Answer();

    private BlockingCallerHandshakes() {
    }

    /** Handshakes per second from {@code clients} blocking threads, measured alone as the limits are. */
    public static double perSecond(int clients, Settings settings) throws Exception {
        AtomicLong done = new AtomicLong();
        try (RawNetty net = new RawNetty()) {
            Channel server = net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), ANSWER);
                }
            });
            InetSocketAddress to = (InetSocketAddress) server.localAddress();
            try (LoadThreads threads = new LoadThreads("blocking-handshake", clients, i -> () -> {
                handshake(net, to);
                done.incrementAndGet();
            })) {
                threads.resume();
                double rate = Sampler.medianRate(done::get, settings.forLimits());
                threads.pause();
                return rate;
            } finally {
                server.close().syncUninterruptibly();
            }
        }
    }

    private static void handshake(RawNetty net, InetSocketAddress to) throws Exception {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        Bootstrap b = net.client(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(RawHandshakes.HELLO), ctx.voidPromise());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                        answered.complete(null);
                    }
                });
            }
        });
        Channel c = b.connect(to).sync().channel();
        try {
            answered.get(10, TimeUnit.SECONDS);
        } finally {
            c.close().sync();
        }
    }
}
