package io.p2pboot.pipe.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tiny TLS echo server and client on 127.0.0.1, to see whether two contexts really complete a
 * handshake and exchange a byte. Loopback only.
 */
final class LoopbackTls implements AutoCloseable {

    private static final long WAIT_SECONDS = 10;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    /** What each side saw. */
    record Outcome(Throwable serverFailure, Throwable clientFailure, boolean echoed, String protocol) {
        boolean established() {
            return serverFailure == null && clientFailure == null && echoed;
        }
    }

    /** Connects with {@code client} to a server using {@code server}; the client checks {@code peerHost}. */
    Outcome handshake(SslContext server, SslContext client, String peerHost) throws Exception {
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = server.newHandler(ch.alloc());
                        tls.handshakeFuture().addListener(f -> complete(serverDone, f.cause()));
                        ch.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            CompletableFuture<Void> clientDone = new CompletableFuture<>();
            CompletableFuture<Boolean> echoed = new CompletableFuture<>();
            String[] protocol = new String[1];
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = client.newHandler(ch.alloc(), peerHost, port);
                            tls.handshakeFuture().addListener(f -> {
                                complete(clientDone, f.cause());
                                if (f.isSuccess()) {
                                    protocol[0] = tls.engine().getSession().getProtocol();
                                    ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42}));
                                }
                            });
                            ch.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    echoed.complete(((ByteBuf) msg).readableBytes() > 0);
                                    ReferenceCountUtil.release(msg);
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    echoed.complete(false);
                                    clientDone.complete(null);
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            try {
                Throwable clientFailure = failure(clientDone);
                boolean echo = clientFailure == null && echoed.get(WAIT_SECONDS, TimeUnit.SECONDS);
                Throwable serverFailure = failure(serverDone);
                return new Outcome(serverFailure, clientFailure, echo, protocol[0]);
            } finally {
                channel.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            listener.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static void complete(CompletableFuture<Void> future, Throwable cause) {
        if (cause == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(cause);
        }
    }

    private static Throwable failure(CompletableFuture<Void> future) throws InterruptedException, TimeoutException {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
