package io.p2pboot.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.p2pboot.bench.Settings;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Raw Netty ping-pong with one message in flight: the client's event loop times each round trip
 * and sends the next at once; the server echoes header + payload.
 */
public final class RawPingPong {

    private RawPingPong() {
    }

    /** Round-trip times in nanoseconds, after the warm-up; at most {@code max} of them. */
    public static long[] roundTrips(int size, Settings settings, int max) throws Exception {
        byte[] header = RawFraming.dataHeader(size);
        byte[] payload = new byte[size];
        Client client = new Client(header, payload, settings.warmup().toNanos(), max);
        try (RawNetty net = new RawNetty()) {
            Channel server = net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new RawFrameDecoder(0), new Echo(header));
                }
            });
            Channel ch = net.connect(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new RawFrameDecoder(0), client);
                }
            }, (InetSocketAddress) server.localAddress());
            long measure = settings.round().toNanos() * settings.rounds();
            client.done.await(settings.warmup().toNanos() + measure, TimeUnit.NANOSECONDS);
            client.stopAfter(0);
            ch.close().sync();
            server.close().sync();
            return client.samples();
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final byte[] header;

        Echo(byte[] header) {
            this.header = header;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            ByteBuf out = ctx.alloc().directBuffer(header.length + in.readableBytes());
            out.writeBytes(header).writeBytes(in);
            in.release();
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    private static final class Client extends ChannelInboundHandlerAdapter {
        private final byte[] header;
        private final byte[] payload;
        private final long warmupEnds;
        private final long[] samples;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile int count;
        private volatile boolean stopped;
        private long sentAt;

        Client(byte[] header, byte[] payload, long warmupNanos, int max) {
            this.header = header;
            this.payload = payload;
            this.warmupEnds = System.nanoTime() + warmupNanos;
            this.samples = new long[max];
        }

        void stopAfter(int ignored) {
            stopped = true;
        }

        long[] samples() {
            return java.util.Arrays.copyOf(samples, count);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            ((ByteBuf) msg).release();
            if (now - warmupEnds > 0) {
                int n = count;
                if (n == samples.length) {
                    done.countDown();
                    return;
                }
                samples[n] = now - sentAt;
                count = n + 1;
            }
            if (!stopped) {
                send(ctx);
            }
        }

        private void send(ChannelHandlerContext ctx) {
            ByteBuf out = ctx.alloc().directBuffer(header.length + payload.length);
            out.writeBytes(header).writeBytes(payload);
            sentAt = System.nanoTime();
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }
}
