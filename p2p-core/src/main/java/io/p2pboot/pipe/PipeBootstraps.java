package io.p2pboot.pipe;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Netty bootstraps behind {@link PipeBuilder#openAsync()}: a TCP client (dialled, or wrapping a
 * JDK socket), a TCP server, and a UDP socket (bound, or connected to one destination). They share
 * the socket options and what every channel gets: its pipe, then TLS, the builder's
 * {@link PipeInitializer}, and the pipe's reader, in that order.
 */
final class PipeBootstraps {

    private static final int MAX_DATAGRAM = 65_507;

    /**
     * When a TCP pipe stops taking more (and takes more again): 1 MiB written but not yet in the
     * socket, plus as much again in the write queue. Netty's 64 KiB default parked a sender after
     * every 64 KiB message until the socket had taken it, so the socket ran dry while the sender
     * woke: bytes-64KiB went from about half the raw rate to 0.73–0.92 of it. A connection that
     * sends frames of 256 KiB or more gets higher marks ({@link WriteBatcher#LARGE_FRAME}).
     */
    static final WriteBufferWaterMark WRITE_MARKS = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    /** Where options go: a client's {@code option} or a server's {@code childOption}. */
    private interface OptionSink {
        <T> void set(ChannelOption<T> option, T value);
    }

    private final PipeConfig config;
    private final @Nullable PipeInitializer initializer;
    private final Consumer<Pipe> register;
    private final @Nullable PipeProtocol protocol;
    private final boolean subscribesAll;

    /**
     * @param initializer the builder's initializer, or {@code null}
     * @param protocol the protocol every channel carries, or {@code null}
     * @param register adds the builder's handlers to a new pipe (a server's clients share the server's)
     * @param subscribesAll whether a new pipe keeps what arrives for {@code recv} from the start
     */
    PipeBootstraps(PipeConfig config, @Nullable PipeInitializer initializer, @Nullable PipeProtocol protocol,
                   Consumer<Pipe> register, boolean subscribesAll) {
        this.config = config;
        this.initializer = initializer;
        this.protocol = protocol;
        this.register = register;
        this.subscribesAll = subscribesAll;
    }

    /** Connects to {@code dest} (resolved) from {@code local} (or the OS's choice); TLS expects {@code tlsHost}. */
    CompletableFuture<Pipe> dial(InetSocketAddress dest, @Nullable InetSocketAddress local, String tlsHost) {
        Transport transport = config.transport();
        AtomicReference<StreamPipe> made = new AtomicReference<>();
        Bootstrap b = new Bootstrap().group(transport.group())
                .channelFactory(() -> transport.newSocketChannel(family(dest.getAddress())))
                .disableResolver() // dest is resolved already
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.conTimeout().toMillis())
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(false));
        connectionOptions(b::option);
        b.handler(opening(made, ch -> new StreamPipe(config, ch, null, subscribesAll, protocol != null),
                ch -> config.useSsl() ? clientTls(ch, tlsHost, dest.getPort()) : null));
        ChannelFuture connect = local == null ? b.connect(dest) : b.connect(dest, local);
        return whenUp(connect, made);
    }

    /**
     * Takes over a connected JDK socket, on NIO (epoll cannot adopt it). It is the client side of
     * TLS: the certificate must name {@code tlsHost}, else the peer's IP.
     */
    CompletableFuture<Pipe> wrap(SocketChannel socket, @Nullable String tlsHost) {
        Transport transport = Transport.sharedNio();
        AtomicReference<StreamPipe> made = new AtomicReference<>();
        Bootstrap b = new Bootstrap().group(transport.group())
                .channelFactory(() -> new NioSocketChannel(socket))
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(false));
        connectionOptions(b::option);
        b.handler(opening(made, ch -> new StreamPipe(config, ch, null, subscribesAll, protocol != null),
                ch -> config.useSsl() ? wrappedTls(ch, tlsHost) : null));
        return whenUp(b.register(), made);
    }

    /** Listens on {@code local}; each accepted client becomes a pipe of the server. */
    CompletableFuture<Pipe> listen(InetSocketAddress local) {
        Transport transport = config.transport();
        AtomicReference<ServerPipe> made = new AtomicReference<>();
        ServerBootstrap b = new ServerBootstrap().group(transport.group())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(true));
        connectionOptions(b::childOption);
        b.handler(new ChannelInitializer<ServerChannel>() {
            @Override
            protected void initChannel(ServerChannel ch) {
                ServerPipe server = new ServerPipe(config, ch, subscribesAll, protocol != null);
                register.accept(server);
                made.set(server);
            }
        });
        b.childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ServerPipe server = made.get();
                StreamPipe client = new StreamPipe(config, ch, server, false, protocol != null);
                addHandlers(client, ch, config.useSsl() ? serverTls(ch) : null);
                server.clientAccepted(client);
            }
        });
        CompletableFuture<Pipe> result = new CompletableFuture<>();
        b.bind(local).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                result.complete(made.get());
            } else {
                result.completeExceptionally(bindFailure(f.cause(), local));
            }
        });
        return result;
    }

    /**
     * A UDP socket bound to {@code local}, or the JDK's {@code socket} taken over (on NIO);
     * with a destination {@code to}, the pipe's {@code send} goes there.
     */
    CompletableFuture<Pipe> datagram(@Nullable InetSocketAddress to, InetSocketAddress local,
            @Nullable DatagramChannel socket) {
        Transport transport = socket != null ? Transport.sharedNio() : config.transport();
        SocketProtocolFamily fam = family(to != null ? to.getAddress() : local.getAddress());
        AtomicReference<DatagramPipe> made = new AtomicReference<>();
        Bootstrap b = new Bootstrap().group(transport.group())
                .channelFactory(() -> socket != null ? new NioDatagramChannel(socket) : transport.newDatagramChannel(fam))
                .option(ChannelOption.SO_BROADCAST, config.broadcast())
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(false))
                .option(ChannelOption.AUTO_READ, !config.sockOnly())
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(Math.min(config.readerLimit() + 1, MAX_DATAGRAM + 1)));
        b.handler(opening(made, ch -> new DatagramPipe(config, ch, to, subscribesAll, protocol != null), ch -> null));
        ChannelFuture bound = socket != null ? b.register() : b.bind(local);
        CompletableFuture<Pipe> result = new CompletableFuture<>();
        bound.addListener(f -> {
            DatagramPipe pipe = made.get();
            if (f.isSuccess()) {
                pipe.up();
                result.complete(pipe);
            } else {
                if (pipe != null) {
                    pipe.closeWith(PipeReader.reasonFor(f.cause()), null);
                }
                result.completeExceptionally(bindFailure(f.cause(), local));
            }
        });
        return result;
    }

    /**
     * The initializer of a channel that is one pipe (a client's or a UDP socket): makes the pipe,
     * gives it the builder's handlers, keeps it in {@code made}, then adds TLS when {@code tls}
     * makes a handler, and the rest.
     */
    private <P extends Pipe> ChannelInitializer<Channel> opening(AtomicReference<P> made,
            Function<Channel, P> newPipe, Function<Channel, @Nullable SslHandler> tls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                P pipe = newPipe.apply(ch);
                register.accept(pipe);
                made.set(pipe);
                addHandlers(pipe, ch, tls.apply(ch));
            }
        };
    }

    /** TLS (when {@code ssl} is given), the builder's initializer, the protocol's handlers, then the pipe's reader. */
    private void addHandlers(Pipe pipe, Channel ch, @Nullable SslHandler ssl) {
        if (ssl != null) {
            ch.pipeline().addLast("tls", ssl);
        }
        if (initializer != null) {
            initializer.initialize(pipe, ch.pipeline());
        }
        if (protocol != null) {
            pipe.install(protocol);
        }
        ch.pipeline().addLast("pipe", new PipeReader(pipe, ssl != null));
    }

    /** Completes when the channel is connected (or registered) and, with TLS, the handshake is done. */
    private static CompletableFuture<Pipe> whenUp(ChannelFuture connect, AtomicReference<? extends Pipe> made) {
        CompletableFuture<Pipe> result = new CompletableFuture<>();
        connect.addListener(f -> {
            Pipe pipe = made.get();
            if (!f.isSuccess()) {
                if (pipe != null) {
                    pipe.closeWith(PipeReader.reasonFor(f.cause()), null);
                }
                result.completeExceptionally(f.cause());
                return;
            }
            SslHandler ssl = connect.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                result.complete(pipe);
                return;
            }
            ssl.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(pipe);
                } else {
                    pipe.handshakeFailed(PipeReader.reasonFor(h.cause()));
                    result.completeExceptionally(h.cause());
                }
            });
        });
        return result;
    }

    /** The options of a TCP connection, dialled, wrapped or accepted. */
    private void connectionOptions(OptionSink options) {
        options.set(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_MARKS);
        options.set(ChannelOption.TCP_NODELAY, true);
        options.set(ChannelOption.AUTO_READ, !config.sockOnly());
        options.set(ChannelOption.RCVBUF_ALLOCATOR, streamAllocator());
        if (config.linger() != null) {
            options.set(ChannelOption.SO_LINGER, (int) config.linger().toSeconds());
        }
    }

    private AdaptiveRecvByteBufAllocator streamAllocator() {
        int limit = config.readerLimit();
        return new AdaptiveRecvByteBufAllocator(Math.min(64, limit), Math.min(2048, limit), limit);
    }

    /** The client side of TLS; {@code peerHost} is what the server's certificate must name. */
    private SslHandler clientTls(Channel ch, @Nullable String peerHost, int peerPort) {
        SslHandler ssl = config.tls().client().newHandler(ch.alloc(), peerHost, peerPort);
        ssl.setHandshakeTimeoutMillis(config.sslHandshake().toMillis());
        return ssl;
    }

    private SslHandler serverTls(Channel ch) {
        SslHandler ssl = config.tls().server().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(config.sslHandshake().toMillis());
        return ssl;
    }

    /** A wrapped socket is the client side; the certificate must name {@code host}, else the peer's IP. */
    private SslHandler wrappedTls(Channel ch, @Nullable String host) {
        InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
        String peerHost = host != null ? host : peer == null ? null : peer.getAddress().getHostAddress();
        return clientTls(ch, peerHost, peer == null ? -1 : peer.getPort());
    }

    private static SocketProtocolFamily family(InetAddress a) {
        return a instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }

    /** Native transports report a taken address as a generic I/O error; callers expect {@link BindException}. */
    private static Throwable bindFailure(Throwable cause, InetSocketAddress local) {
        if (!(cause instanceof BindException) && cause instanceof IOException
                && String.valueOf(cause.getMessage()).contains("Address already in use")) {
            BindException e = new BindException("Address already in use: " + local);
            e.initCause(cause);
            return e;
        }
        return cause;
    }
}
