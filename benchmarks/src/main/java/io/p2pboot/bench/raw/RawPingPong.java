package io.p2pboot.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LatencySamples;
import java.net.InetSocketAddress;

/**
 * Raw Netty ping-pong with one message in flight: the client's event loop times each round trip
 * and sends the next at once; the server echoes header + payload. Paused, the client lets the
 * ping in flight come back and sends no next one until resumed.
 */
public final class RawPingPong implements Contender {

    private final RawNetty net = new RawNetty();
    private final LatencySamples samples;
    private final Client client;
    private Channel server;
    private Channel channel;

    private RawPingPong(int size, int capacity) {
        samples = new LatencySamples(capacity);
        client = new Client(RawFraming.dataHeader(size), new byte[size], samples);
    }

    /** Connected and paused; keeps at most {@code capacity} round-trip times. */
    public static RawPingPong open(int size, int capacity) throws InterruptedException {
        RawPingPong p = new RawPingPong(size, capacity);
        byte[] header = RawFraming.dataHeader(size);
        try {
            p.server = p.net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new RawFrameDecoder(0), new Echo(header));
                }
            });
            p.channel = p.net.connect(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new RawFrameDecoder(0), p.client);
                }
            }, (InetSocketAddress) p.server.localAddress());
            return p;
        } catch (InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Round-trip times in nanoseconds; {@link #count()} is how many. */
    public LatencySamples samples() {
        return samples;
    }

    @Override
    public void resume() {
        channel.eventLoop().execute(client::resume);
    }

    @Override
    public void pause() {
        channel.eventLoop().submit(client::pause).syncUninterruptibly();
    }

    @Override
    public long count() {
        return samples.count();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        net.close();
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

    /** Runs on the client channel's event loop only (resume and pause are handed to it). */
    private static final class Client extends ChannelInboundHandlerAdapter {
        private final byte[] header;
        private final byte[] payload;
        private final LatencySamples samples;
        private ChannelHandlerContext ctx;
        private boolean paused = true;
        private boolean inFlight;
        private long sentAt;

        Client(byte[] header, byte[] payload, LatencySamples samples) {
            this.header = header;
            this.payload = payload;
            this.samples = samples;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        void resume() {
            paused = false;
            if (!inFlight) {
                send();
            }
        }

        void pause() {
            paused = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            ((ByteBuf) msg).release();
            inFlight = false;
            samples.add(now - sentAt);
            if (!paused) {
                send();
            }
        }

        private void send() {
            ByteBuf out = ctx.alloc().directBuffer(header.length + payload.length);
            out.writeBytes(header).writeBytes(payload);
            inFlight = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }
}
