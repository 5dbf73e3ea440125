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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens a pipe (P2PD's {@code pipe_open}): protocol, optional destination (none: a server),
 * optional route or local address, optional existing socket, handlers registered before the
 * first byte can arrive, and a configuration.
 */
public final class PipeBuilder {

    private static final int MAX_DATAGRAM = 65_507;

    /**
     * When a TCP pipe stops taking more (and takes more again): 1 MiB written but not yet in the
     * socket, plus as much again in the write queue. Netty's 64 KiB default parked a sender after
     * every 64 KiB message until the socket had taken it, so the socket ran dry while the sender
     * woke: bytes-64KiB went from about half the raw rate to 0.73–0.92 of it. A connection that
     * sends frames of 256 KiB or more gets higher marks ({@link WriteBatcher#LARGE_FRAME}).
     */
    static final WriteBufferWaterMark WRITE_MARKS = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private final Protocol protocol;
    private String host;
    private int port;
    /** The destination when it needs no resolving (given as an address); else {@code null}. */
    private InetSocketAddress resolved;
    private InetSocketAddress bind;
    private Route route;
    private PipeConfig config = PipeConfig.defaults();
    private java.nio.channels.SocketChannel wrapTcp;
    private java.nio.channels.DatagramChannel wrapUdp;
    private final List<MessageHandler> messageHandlers = new ArrayList<>();
    private final List<AsyncMessageHandler> asyncHandlers = new ArrayList<>();
    private final List<UpHandler> upHandlers = new ArrayList<>();
    private final List<EndHandler> endHandlers = new ArrayList<>();
    private PipeInitializer initializer;
    private boolean forRecv = true;

    PipeBuilder(Protocol protocol) {
        this.protocol = protocol;
    }

    /** The protocol of the pipe this builder opens. */
    public Protocol protocol() {
        return protocol;
    }

    /** The configuration the pipe will have. */
    public PipeConfig config() {
        return config;
    }

    /** The destination: a host name (resolved within {@code dns_timeout}) or an IP literal. */
    public PipeBuilder to(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = checkPort(port);
        this.resolved = null;
        return this;
    }

    /** The destination; an address that is already resolved is used as it is, with no resolution step. */
    public PipeBuilder to(InetSocketAddress destination) {
        to(destination.getAddress() != null ? destination.getAddress().getHostAddress()
                : destination.getHostString(), destination.getPort());
        if (!destination.isUnresolved()) {
            this.resolved = destination;
        }
        return this;
    }

    /** The local address and port to bind (a server's listening address; port 0 for any). */
    public PipeBuilder bind(InetSocketAddress local) {
        this.bind = local;
        return this;
    }

    public PipeBuilder bind(String ip, int port) {
        return bind(new InetSocketAddress(ip, checkPort(port)));
    }

    /** The interface to bind, instead of the OS's default; with {@link #bind} only the port is taken from there. */
    public PipeBuilder route(Route route) {
        this.route = route;
        return this;
    }

    public PipeBuilder config(PipeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** Wraps a connected JDK socket instead of opening one (it runs on a NIO event loop). */
    public PipeBuilder wrap(java.nio.channels.SocketChannel socket) {
        requireProtocol(Protocol.TCP);
        this.wrapTcp = socket;
        return this;
    }

    /** Wraps a bound JDK datagram socket instead of opening one (it runs on a NIO event loop). */
    public PipeBuilder wrap(java.nio.channels.DatagramChannel socket) {
        requireProtocol(Protocol.UDP);
        this.wrapUdp = socket;
        return this;
    }

    /** Handlers for each channel the pipe opens, between TLS and the pipe's reader (see {@link PipeInitializer}). */
    public PipeBuilder initializer(PipeInitializer initializer) {
        this.initializer = initializer;
        return this;
    }

    /**
     * For a protocol whose initializer's handlers consume everything that arrives: no message
     * reaches the pipe's reader, so no subscription is kept for {@code recv} (memory and an
     * end-of-pipe hand-off saved per pipe). {@code recv} still subscribes when called. A server
     * built so does not queue its clients for {@code accept} either (the initializer takes each
     * over) until {@code accept} is first called.
     */
    public PipeBuilder withoutRecvSubscription() {
        this.forRecv = false;
        return this;
    }

    public PipeBuilder onMessage(MessageHandler h) {
        messageHandlers.add(h);
        return this;
    }

    public PipeBuilder onAsyncMessage(AsyncMessageHandler h) {
        asyncHandlers.add(h);
        return this;
    }

    public PipeBuilder onUp(UpHandler h) {
        upHandlers.add(h);
        return this;
    }

    public PipeBuilder onEnd(EndHandler h) {
        endHandlers.add(h);
        return this;
    }

    /**
     * Opens the pipe and waits until it is up (resolved, connected, TLS done), bounded by the sum of
     * {@code dns_timeout}, {@code con_timeout} and {@code ssl_handshake}.
     *
     * @throws java.net.UnknownHostException the host did not resolve in time
     * @throws java.net.ConnectException the destination refused, or did not answer within {@code con_timeout}
     *     ({@link io.netty.channel.ConnectTimeoutException})
     * @throws javax.net.ssl.SSLException the TLS handshake failed or stalled
     * @throws java.net.BindException the local address is taken
     */
    public Pipe open() throws IOException {
        long limit = config.dnsTimeout().toMillis() + config.conTimeout().toMillis()
                + config.sslHandshake().toMillis() + 1000;
        try {
            return openAsync().get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while opening a pipe");
        } catch (TimeoutException e) {
            throw new java.net.SocketTimeoutException("pipe not open within " + limit + " ms");
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }

    /** Opens a TCP server; the same as {@link #open()} without a destination. */
    public ServerPipe listen() throws IOException {
        requireProtocol(Protocol.TCP);
        if (host != null) {
            throw new IllegalStateException("a server has no destination");
        }
        return (ServerPipe) open();
    }

    /** Non-blocking twin of {@link #open()}. */
    public CompletableFuture<Pipe> openAsync() {
        try {
            checkSockProto();
            checkTlsRole();
        } catch (SocketException | IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (protocol == Protocol.UDP) {
            return openUdp();
        }
        if (wrapTcp != null) {
            return openWrappedTcp();
        }
        return host == null ? openServer() : openClient();
    }

    private CompletableFuture<Pipe> openClient() {
        Transport transport = config.transport();
        if (resolved != null) {
            // An address already: no resolution stage. Failures come back in the future, as they do
            // after a resolution.
            try {
                return connectTo(transport, resolved);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return HostResolver.resolve(host, port, config, transport.group().next())
                .thenCompose(dest -> connectTo(transport, dest));
    }

    private CompletableFuture<Pipe> connectTo(Transport transport, InetSocketAddress dest) {
        AtomicReference<StreamPipe> made = new AtomicReference<>();
        Bootstrap b = new Bootstrap().group(transport.group())
                .channelFactory(() -> transport.newSocketChannel(family(dest.getAddress())))
                .disableResolver() // dest is resolved already
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.conTimeout().toMillis());
        tcpOptions(b);
        b.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                StreamPipe pipe = new StreamPipe(config, ch, null, subscribesAll());
                register(pipe);
                made.set(pipe);
                SslHandler ssl = config.useSsl() ? clientTls(ch, host, dest.getPort()) : null;
                if (ssl != null) {
                    ch.pipeline().addLast("tls", ssl);
                }
                initialize(pipe, ch);
                ch.pipeline().addLast("pipe", new PipeReader(pipe, ssl != null));
            }
        });
        InetSocketAddress local = localAddressFor(dest.getAddress());
        ChannelFuture connect = local == null ? b.connect(dest) : b.connect(dest, local);
        return whenUp(connect, made);
    }

    private CompletableFuture<Pipe> whenUp(ChannelFuture connect, AtomicReference<? extends Pipe> made) {
        CompletableFuture<Pipe> result = new CompletableFuture<>();
        connect.addListener(f -> {
            Pipe pipe = made.get();
            if (!f.isSuccess()) {
                if (pipe != null) {
                    pipe.closeWith(PipeReader.reasonFor(f.cause()), false);
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

    /** The client side of TLS; {@code peerHost} is what the server's certificate must name. */
    private SslHandler clientTls(Channel ch, String peerHost, int peerPort) {
        SslHandler ssl = config.tls().client().newHandler(ch.alloc(), peerHost, peerPort);
        ssl.setHandshakeTimeoutMillis(config.sslHandshake().toMillis());
        return ssl;
    }

    private SslHandler serverTls(Channel ch) {
        SslHandler ssl = config.tls().server().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(config.sslHandshake().toMillis());
        return ssl;
    }

    private CompletableFuture<Pipe> openServer() {
        Transport transport = config.transport();
        AtomicReference<ServerPipe> made = new AtomicReference<>();
        InetSocketAddress requested = bind != null ? bind : new InetSocketAddress(0);
        InetSocketAddress local = route == null ? requested : new InetSocketAddress(route.bindAddressFor(null)
                .orElseThrow(() -> new IllegalArgumentException("route " + route + " has no address")),
                requested.getPort());
        ServerBootstrap b = new ServerBootstrap().group(transport.group())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(true))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_MARKS)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, !config.sockOnly())
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, streamAllocator());
        if (config.linger() != null) {
            b.childOption(ChannelOption.SO_LINGER, (int) config.linger().toSeconds());
        }
        b.handler(new ChannelInitializer<ServerChannel>() {
            @Override
            protected void initChannel(ServerChannel ch) {
                ServerPipe server = new ServerPipe(config, ch, subscribesAll(), forRecv);
                register(server);
                made.set(server);
            }
        });
        b.childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ServerPipe server = made.get();
                StreamPipe client = new StreamPipe(config, ch, server, false);
                boolean tls = config.useSsl();
                if (tls) {
                    ch.pipeline().addLast("tls", serverTls(ch));
                }
                initialize(client, ch);
                ch.pipeline().addLast("pipe", new PipeReader(client, tls));
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

    private CompletableFuture<Pipe> openUdp() {
        CompletableFuture<InetSocketAddress> dest = host == null
                ? CompletableFuture.completedFuture(null)
                : HostResolver.resolve(host, port, config, config.transport().group().next());
        return dest.thenCompose(to -> {
            Transport transport = wrapUdp != null ? Transport.sharedNio() : config.transport();
            InetSocketAddress local = localAddressFor(to == null ? null : to.getAddress());
            if (local == null) {
                local = new InetSocketAddress(0);
            }
            SocketProtocolFamily fam = family(to != null ? to.getAddress() : local.getAddress());
            AtomicReference<DatagramPipe> made = new AtomicReference<>();
            Bootstrap b = new Bootstrap().group(transport.group())
                    .channelFactory(() -> wrapUdp != null ? new NioDatagramChannel(wrapUdp) : transport.newDatagramChannel(fam))
                    .option(ChannelOption.SO_BROADCAST, config.broadcast())
                    .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(false))
                    .option(ChannelOption.AUTO_READ, !config.sockOnly())
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(Math.min(config.readerLimit() + 1, MAX_DATAGRAM + 1)));
            b.handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    DatagramPipe pipe = new DatagramPipe(config, ch, to, subscribesAll());
                    register(pipe);
                    made.set(pipe);
                    initialize(pipe, ch);
                    ch.pipeline().addLast("pipe", new PipeReader(pipe, false));
                }
            });
            InetSocketAddress bindTo = local;
            ChannelFuture bound = wrapUdp != null ? b.register() : b.bind(local);
            CompletableFuture<Pipe> result = new CompletableFuture<>();
            bound.addListener(f -> {
                DatagramPipe pipe = made.get();
                if (f.isSuccess()) {
                    pipe.up();
                    result.complete(pipe);
                } else {
                    if (pipe != null) {
                        pipe.closeWith(PipeReader.reasonFor(f.cause()), false);
                    }
                    result.completeExceptionally(bindFailure(f.cause(), bindTo));
                }
            });
            return result;
        });
    }

    private CompletableFuture<Pipe> openWrappedTcp() {
        Transport transport = Transport.sharedNio();
        AtomicReference<StreamPipe> made = new AtomicReference<>();
        Bootstrap b = new Bootstrap().group(transport.group())
                .channelFactory(() -> new NioSocketChannel(wrapTcp));
        tcpOptions(b);
        b.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                StreamPipe pipe = new StreamPipe(config, ch, null, subscribesAll());
                register(pipe);
                made.set(pipe);
                SslHandler ssl = config.useSsl() ? wrappedTls(ch) : null;
                if (ssl != null) {
                    ch.pipeline().addLast("tls", ssl);
                }
                initialize(pipe, ch);
                ch.pipeline().addLast("pipe", new PipeReader(pipe, ssl != null));
            }
        });
        return whenUp(b.register(), made);
    }

    /** A wrapped socket is the client side; the certificate must name {@code to}'s host, else the peer's IP. */
    private SslHandler wrappedTls(Channel ch) {
        InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
        String peerHost = host != null ? host : peer == null ? null : peer.getAddress().getHostAddress();
        return clientTls(ch, peerHost, peer == null ? -1 : peer.getPort());
    }

    private void tcpOptions(Bootstrap b) {
        b.option(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_MARKS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddrFor(false))
                .option(ChannelOption.AUTO_READ, !config.sockOnly())
                .option(ChannelOption.RCVBUF_ALLOCATOR, streamAllocator());
        if (config.linger() != null) {
            b.option(ChannelOption.SO_LINGER, (int) config.linger().toSeconds());
        }
    }

    private AdaptiveRecvByteBufAllocator streamAllocator() {
        int limit = config.readerLimit();
        return new AdaptiveRecvByteBufAllocator(Math.min(64, limit), Math.min(2048, limit), limit);
    }

    /** Without handlers, a pipe keeps what arrives for {@code recv} from the start. */
    private boolean subscribesAll() {
        return forRecv && messageHandlers.isEmpty() && asyncHandlers.isEmpty();
    }

    private void initialize(Pipe pipe, Channel ch) {
        if (initializer != null) {
            initializer.initialize(pipe, ch.pipeline());
        }
    }

    private void register(Pipe pipe) {
        messageHandlers.forEach(pipe::addMessageHandler);
        asyncHandlers.forEach(pipe::addAsyncMessageHandler);
        upHandlers.forEach(pipe::addUpHandler);
        endHandlers.forEach(pipe::addEndHandler);
    }

    private InetSocketAddress localAddressFor(InetAddress peer) {
        InetSocketAddress local = bind;
        if (route != null) {
            InetAddress a = route.bindAddressFor(peer).orElseThrow(() -> new IllegalArgumentException(
                    "route " + route.interfaceName() + " has no address of the destination's family"));
            local = new InetSocketAddress(a, bind != null ? bind.getPort() : 0);
        }
        return local;
    }

    private static SocketProtocolFamily family(InetAddress a) {
        return a instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }

    private void checkSockProto() throws SocketException {
        int p = config.sockProto();
        if (p != 0 && p != protocol.number()) {
            throw new SocketException("Protocol not supported: sock_proto " + p + " cannot make a "
                    + protocol + " socket (use 0 or " + protocol.number() + ")");
        }
    }

    /**
     * With {@code use_ssl}, the pipe's role needs its TLS context: a server without a certificate
     * is refused here, rather than by failing each client it accepts.
     */
    private void checkTlsRole() {
        if (protocol != Protocol.TCP || !config.useSsl()) {
            return;
        }
        if (host == null && wrapTcp == null) {
            config.tls().server();
        } else {
            config.tls().client();
        }
    }

    private void requireProtocol(Protocol p) {
        if (protocol != p) {
            throw new IllegalStateException("only a " + p + " pipe can do that");
        }
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }

    /** Native transports report a taken address as a generic I/O error; callers expect {@link java.net.BindException}. */
    static Throwable bindFailure(Throwable cause, InetSocketAddress local) {
        if (!(cause instanceof java.net.BindException) && cause instanceof IOException
                && String.valueOf(cause.getMessage()).contains("Address already in use")) {
            java.net.BindException e = new java.net.BindException("Address already in use: " + local);
            e.initCause(cause);
            return e;
        }
        return cause;
    }

    static IOException asIOException(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        return new IOException(t);
    }
}
