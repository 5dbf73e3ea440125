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
import io.p2pboot.bench.ChainGate;
import io.p2pboot.bench.Contender;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Netty handshakes: connect, send a 128-byte HELLO, read a 128-byte ACCEPT, close; each of
 * {@code clients} chains starts its next handshake when the previous connection has closed.
 * Paused, a chain finishes its handshake and then waits, idle, to be restarted by a resume.
 */
public final class RawHandshakes implements Contender {

    static final byte[] HELLO = RawFraming.padded("HELLO|peer_name=127.0.0.1:1&data_type=bytes&strict=True");
    private static final byte[] ACCEPT = RawFraming.padded("ACCEPT");

    private final AtomicLong done = new AtomicLong();
    private final RawNetty net = new RawNetty();
    private final ChainGate gate;
    private Channel server;
    private Bootstrap bootstrap;
    private InetSocketAddress to;

    private RawHandshakes(int clients) {
        this.gate = new ChainGate(clients, "raw handshake chains");
    }

    /** Listening and paused, with {@code clients} chains ready to start. */
    public static RawHandshakes open(int clients) throws InterruptedException {
        RawHandshakes h = new RawHandshakes(clients);
        try {
            h.server = h.net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new Answer());
                }
            });
            h.to = (InetSocketAddress) h.server.localAddress();
            h.bootstrap = h.net.client(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new Hello());
                }
            });
            return h;
        } catch (InterruptedException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    @Override
    public void resume() {
        int restart = gate.open();
        for (int i = 0; i < restart; i++) {
            next();
        }
    }

    /** Returns once every chain has finished its handshake and gone idle. */
    @Override
    public void pause() {
        gate.closeAndWait();
    }

    @Override
    public long count() {
        return done.get();
    }

    @Override
    public void close() {
        try {
            pause();
        } catch (IllegalStateException stuck) {
            // closing the event loops ends them anyway
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        net.close();
    }

    /** Starts the next handshake of a chain, or parks the chain while paused. */
    private void next() {
        if (!gate.mayGoOn()) {
            return;
        }
        bootstrap.connect(to).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().eventLoop().schedule(this::next, 1, TimeUnit.MILLISECONDS);
                return;
            }
            f.channel().closeFuture().addListener(c -> {
                done.incrementAndGet();
                next();
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
    /** The listening side of a raw handshake: answers each 128-byte HELLO with a 128-byte ACCEPT. */
    static final class Answer extends ChannelInboundHandlerAdapter {
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
