package io.p2pboot.bench.raw;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The far side of {@code idle-10k}, run in a child JVM so that the measured process holds only
 * its own 10 000 sockets (each process has its own file-descriptor limit). Opens N connections;
 * with {@code hello}, each sends a HELLO with its own peer name, as a peer would, and answers
 * every header it receives with a PING so the connection stays alive. Prints {@code READY n}
 * once all are open (or {@code FAILED reason}), then holds them until stdin closes.
 *
 * <p>Usage: {@code IdleClients host port count hello|plain}
 */
public final class IdleClients {

    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        boolean hello = args[3].equals("hello");
        byte[] ping = RawFraming.padded("PING|pinger=127.0.0.1:1");
        try (RawNetty net = new RawNetty()) {
            Bootstrap b = net.client(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new FixedLengthFrameDecoder(128), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ((ByteBuf) msg).release();
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(ping), ctx.voidPromise());
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            });
            Semaphore inFlight = new Semaphore(200);
            List<Channel> open = java.util.Collections.synchronizedList(new ArrayList<>(count));
            java.util.concurrent.atomic.AtomicReference<String> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < count && failed.get() == null; i++) {
                inFlight.acquire();
                ChannelFuture f = b.connect(to);
                int id = i;
                f.addListener(x -> {
                    if (x.isSuccess()) {
                        open.add(f.channel());
                        if (hello) {
                            // a distinct peer name per connection: the listener keys connections by it
                            f.channel().writeAndFlush(Unpooled.wrappedBuffer(RawFraming.padded(
                                    "HELLO|peer_name=127.0.0.1:" + (1024 + id) + "&data_type=bytes&strict=True")));
                        }
                    } else {
                        failed.compareAndSet(null, "connection " + id + " failed: " + x.cause());
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(200);
            String failure = failed.get();
            System.out.println(failure == null ? "READY " + open.size() : "FAILED " + failure);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            for (Channel c : open) {
                c.close();
            }
        }
    }
}
