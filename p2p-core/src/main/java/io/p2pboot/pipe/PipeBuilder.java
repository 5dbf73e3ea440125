package io.p2pboot.pipe;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Opens a pipe (P2PD's {@code pipe_open}): protocol, optional destination (none: a server),
 * optional route or local address, optional existing socket, handlers registered before the
 * first byte can arrive, and a configuration.
 */
public final class PipeBuilder {

    private final Protocol protocol;
    private @Nullable String host;
    private int port;
    /** The destination when it needs no resolving (given as an address); else {@code null}. */
    private @Nullable InetSocketAddress resolved;
    private @Nullable InetSocketAddress bind;
    private @Nullable Route route;
    private PipeConfig config = PipeConfig.defaults();
    private @Nullable SocketChannel wrapTcp;
    private @Nullable DatagramChannel wrapUdp;
    private final List<MessageHandler> messageHandlers = new ArrayList<>();
    private final List<AsyncMessageHandler> asyncHandlers = new ArrayList<>();
    private final List<UpHandler> upHandlers = new ArrayList<>();
    private final List<EndHandler> endHandlers = new ArrayList<>();
    private @Nullable PipeInitializer initializer;
    private @Nullable PipeProtocol carried;

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
    public PipeBuilder wrap(SocketChannel socket) {
        requireProtocol(Protocol.TCP);
        this.wrapTcp = socket;
        return this;
    }

    /** Wraps a bound JDK datagram socket instead of opening one (it runs on a NIO event loop). */
    public PipeBuilder wrap(DatagramChannel socket) {
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
     * A protocol for every channel the pipe opens (a peer's handshake and frames): it owns what
     * arrives, so the pipe keeps no message handlers or subscriptions. A server built so does not
     * queue its clients for {@code accept} (the protocol takes each over) until {@code accept} is
     * first called.
     */
    public PipeBuilder protocol(PipeProtocol protocol) {
        this.carried = Objects.requireNonNull(protocol, "protocol");
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
            throw new InterruptedIOException("interrupted while opening a pipe");
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("pipe not open within " + limit + " ms");
        } catch (ExecutionException e) {
            throw FutureFailures.asIOException(e.getCause());
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
            if (carried != null && !(messageHandlers.isEmpty() && asyncHandlers.isEmpty())) {
                throw new IllegalStateException("a pipe that carries a protocol has no message handlers");
            }
        } catch (SocketException | IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        PipeBootstraps bootstraps = new PipeBootstraps(config, initializer, carried, this::register, subscribesAll());
        if (protocol == Protocol.UDP) {
            return openUdp(bootstraps);
        }
        if (wrapTcp != null) {
            return bootstraps.wrap(wrapTcp, host);
        }
        return host == null ? openServer(bootstraps) : openClient(bootstraps);
    }

    private CompletableFuture<Pipe> openClient(PipeBootstraps bootstraps) {
        if (resolved != null) {
            // An address already: no resolution stage. Failures come back in the future, as they do
            // after a resolution.
            try {
                return dial(bootstraps, resolved);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return HostResolver.resolve(host, port, config, config.transport().group().next())
                .thenCompose(dest -> dial(bootstraps, dest));
    }

    private CompletableFuture<Pipe> dial(PipeBootstraps bootstraps, InetSocketAddress dest) {
        return bootstraps.dial(dest, localAddressFor(dest.getAddress()), host);
    }

    private CompletableFuture<Pipe> openServer(PipeBootstraps bootstraps) {
        InetSocketAddress requested = bind != null ? bind : new InetSocketAddress(0);
        InetSocketAddress local = route == null ? requested : new InetSocketAddress(route.bindAddressFor(null)
                .orElseThrow(() -> new IllegalArgumentException("route " + route + " has no address")),
                requested.getPort());
        return bootstraps.listen(local);
    }

    private CompletableFuture<Pipe> openUdp(PipeBootstraps bootstraps) {
        CompletableFuture<InetSocketAddress> dest = host == null
                ? CompletableFuture.completedFuture(null)
                : HostResolver.resolve(host, port, config, config.transport().group().next());
        return dest.thenCompose(to -> {
            InetSocketAddress local = localAddressFor(to == null ? null : to.getAddress());
            return bootstraps.datagram(to, local != null ? local : new InetSocketAddress(0), wrapUdp);
        });
    }

    /** Without handlers, a pipe keeps what arrives for {@code recv} from the start. */
    private boolean subscribesAll() {
        return carried == null && messageHandlers.isEmpty() && asyncHandlers.isEmpty();
    }

    private void register(Pipe pipe) {
        messageHandlers.forEach(pipe::addMessageHandler);
        asyncHandlers.forEach(pipe::addAsyncMessageHandler);
        upHandlers.forEach(pipe::addUpHandler);
        endHandlers.forEach(pipe::addEndHandler);
    }

    private @Nullable InetSocketAddress localAddressFor(@Nullable InetAddress peer) {
        InetSocketAddress local = bind;
        if (route != null) {
            InetAddress a = route.bindAddressFor(peer).orElseThrow(() -> new IllegalArgumentException(
                    "route " + route.interfaceName() + " has no address of the destination's family"));
            local = new InetSocketAddress(a, bind != null ? bind.getPort() : 0);
        }
        return local;
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

}
