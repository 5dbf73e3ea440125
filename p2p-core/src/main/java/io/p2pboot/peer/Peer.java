package io.p2pboot.peer;

import io.netty.util.concurrent.EventExecutor;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.Discovery;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.ConnectionListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.PeerHandlers.DiscoveryHandler;
import io.p2pboot.peer.PeerHandlers.OfferHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.pipe.ServerPipe;
import io.p2pboot.protocol.InboundMemory;
import io.p2pboot.protocol.Printable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer on the local network (Peerpy's {@code Peer}): listens for connection offers, accepts or
 * denies them, connects to other peers, and exchanges data with them over {@link Connection}s.
 * Speaks Peerpy's wire protocol byte for byte, so Python peers can join.
 *
 * <p>Events, emitter first: {@code listen}, {@code offer}, {@code connection}, {@code stop} on the
 * peer; {@code data} and {@code close} on connections, registrable here for all of them. Handlers
 * never run on an I/O thread.
 *
 * <p>The peer itself keeps its lifecycle and is the face of the parts it is made of: its handlers
 * and their firing ({@link PeerEvents}), its connections and their slots
 * ({@link ConnectionRegistry}), the answer to an offer ({@link OfferGate}), the dial
 * ({@link Dialler}) and the protocol on each socket ({@link ConnectionProtocol}). Being that face,
 * it is longer than most classes (about 450 lines, most of them documented one-line delegations):
 * the whole public API of a peer is read in one place.
 */
public final class Peer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private enum State { NEW, LISTENING, STOPPING, STOPPED }

    private final PeerConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ConnectionRegistry connections;
    private final PeerEvents events;
    private final OfferGate offers;
    private final Dialler dialler;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong protocolErrors = new AtomicLong();
    private final PeerStats stats = new PeerStats();
    private final InboundMemory inboundMemory;
    private final Map<EventExecutor, KeepAliveSweep> keepAliveSweeps = new ConcurrentHashMap<>();
    private final @Nullable Discovery discovery;
    /** Acknowledged, resumable sessions with other peers; {@code null} when {@link PeerConfig#sessions()} is off. */
    private final @Nullable Sessions sessions;
    private volatile @Nullable ServerPipe server;
    private volatile @Nullable String name;
    private volatile Duration timeout;

    private Peer(PeerConfig config) {
        this.config = config;
        this.inboundMemory = new InboundMemory(config.maxBuffered(), config.deadAfter());
        this.connections = new ConnectionRegistry(config.maxConnections(), this::name);
        this.events = new PeerEvents(this, config.pipe().executor());
        PeerObserver observer = GuardedObserver.of(config.observer());
        this.offers = new OfferGate(this::isListening, connections, events, config.maxConnections(), this::name,
                observer);
        this.dialler = new Dialler(this, config, connections, observer);
        this.discovery = discoveryOf(config, () -> isListening() ? name : null);
        if (discovery != null) {
            discovery.addListener(events);
        }
        this.timeout = config.timeout();
        this.sessions = config.sessions() == null ? null
                : new Sessions(this, config.sessions(), config.pipe().executor());
    }

    /** Broadcast discovery and the other sources in one, or {@code null} when the peer has neither. */
    private static @Nullable Discovery discoveryOf(PeerConfig config, Supplier<@Nullable String> name) {
        DiscoveryConfig settings = config.discovery();
        if (settings == null && config.sources().isEmpty()) {
            return null;
        }
        if (settings == null) {
            settings = DiscoveryConfig.builder().enabled(false).pipeConfig(config.pipe()).build();
        }
        return new Discovery(settings, name, config.sources());
    }

    public static Peer create(PeerConfig config) {
        return new Peer(Objects.requireNonNull(config, "config"));
    }

    public PeerConfig config() {
        return config;
    }

    /** Limit on a handshake, on both sides, and on how long a blocking send waits; starts as the config's. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Changes the timeout of a running peer (Peerpy's {@code peer.timeout = ...}): handshakes that
     * begin and blocking sends that start waiting from now on use it.
     */
    public void setTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    PayloadCodecs codecs() {
        return config.codecs();
    }

    // ---- handlers

    public Peer onListen(PeerListener l) { events.onListen(l); return this; }
    public Peer onStop(PeerListener l) { events.onStop(l); return this; }
    /** Every offer handler must accept for an offer to be accepted; with none, offers are accepted. */
    public Peer onOffer(OfferHandler h) { events.onOffer(h); return this; }
    public Peer onConnection(ConnectionListener l) { events.onConnection(l); return this; }
    /** A data handler for every connection, present and future; runs before the connection's own. */
    public Peer onData(DataHandler h) { events.onData(h); return this; }
    /** A close handler for every connection. */
    public Peer onClose(CloseListener l) { events.onClose(l); return this; }

    /** A peer source (broadcast discovery, seeds, ...) found a peer not known before. */
    public Peer onPeerDiscovered(DiscoveryHandler h) { events.onPeerDiscovered(h); return this; }
    /** No source found a known peer for the configured number of discovery rounds. */
    public Peer onPeerLost(DiscoveryHandler h) { events.onPeerLost(h); return this; }

    /**
     * Told when a session ends with its peer away for {@link SessionConfig#resumeWithin()} (or as
     * this peer stops), with how many messages it had not delivered. Runs on the handler executor.
     *
     * @throws IllegalStateException sessions are off ({@link PeerConfig#sessions()})
     */
    public Peer onSessionExpired(PeerHandlers.SessionListener l) {
        if (sessions == null) {
            throw new IllegalStateException("sessions are off for this peer (PeerConfig.sessions)");
        }
        sessions.addListener(l);
        return this;
    }

    /** Removes a handler registered with any of the {@code on...} methods; answers whether it was registered. */
    public boolean removeHandler(Object handler) {
        boolean removed = events.remove(handler);
        return sessions != null && sessions.removeListener(handler) || removed;
    }

    /** The peer's sessions; {@code null} when they are off. */
    @Nullable Sessions sessions() {
        return sessions;
    }

    List<DataHandler> dataHandlers() {
        return events.dataHandlers();
    }

    List<CloseListener> closeListeners() {
        return events.closeListeners();
    }

    // ---- discovery

    /** The peer's discovery, when configured. */
    public Optional<Discovery> discovery() {
        return Optional.ofNullable(discovery);
    }

    /**
     * Probes now: broadcasts a PING and returns the names of the peers that answered within the
     * discovery window (this peer's own left out).
     *
     * @throws IllegalStateException when discovery is not configured
     */
    public List<String> discover() throws IOException {
        return requireDiscovery().probe();
    }

    /** Non-blocking twin of {@link #discover()}. */
    public CompletableFuture<List<String>> discoverAsync() {
        try {
            return requireDiscovery().probeAsync();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The peers every source together knows now, with when they were last found and by which sources. */
    public List<DiscoveredPeer> discoveredPeers() {
        return discovery == null ? List.of() : discovery.peers();
    }

    /** Whether the peer answers discovery probes; may change at any time. */
    public void setInvisible(boolean invisible) {
        requireDiscovery().setVisible(!invisible);
    }

    public boolean isInvisible() {
        return discovery == null || !discovery.isVisible();
    }

    private Discovery requireDiscovery() {
        if (discovery == null) {
            throw new IllegalStateException("discovery is not configured for this peer (PeerConfig.discovery)");
        }
        return discovery;
    }

    // ---- lifecycle

    /** Starts listening; blocks until bound (or failed), the {@code listen} event is queued. */
    public Peer start() throws IOException {
        if (!state.compareAndSet(State.NEW, State.LISTENING)) {
            throw new IllegalStateException("a peer starts once; this one is " + state.get());
        }
        try {
            server = Pipe.tcp().bind(new InetSocketAddress(listenIp(), config.port())).config(config.pipe())
                    .protocol(ConnectionProtocol.listening(this))
                    .listen();
        } catch (IOException | RuntimeException e) {
            state.set(State.STOPPED);
            stopped.complete(null);
            throw e;
        }
        InetSocketAddress bound = server.localAddress();
        InetAddress advertised = config.advertisedAddress();
        name = (advertised != null ? PeerAddress.of(advertised, bound.getPort()) : PeerAddress.of(bound)).toString();
        if (discovery != null) {
            try {
                discovery.start();
            } catch (IOException | RuntimeException e) {
                server.close();
                state.set(State.STOPPED);
                stopped.complete(null);
                throw e;
            }
        }
        log.info("peer {} listening", name);
        events.fireListen();
        return this;
    }

    /** The IP to listen on: the configured address, a host name resolved within {@code dns_timeout}. */
    private InetAddress listenIp() throws IOException {
        long limit = config.pipe().dnsTimeout().toMillis() + 1000;
        try {
            return PeerAddress.resolveHost(config.address(), config.pipe()).get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resolving " + config.address());
        } catch (TimeoutException e) {
            throw new IOException(config.address() + " not resolved within " + limit + " ms", e);
        } catch (ExecutionException e) {
            throw FutureFailures.asIOException(e.getCause());
        }
    }

    /** A connection or handshake closed for breaking the protocol: counted and logged, on any thread. */
    void protocolError(@Nullable InetSocketAddress from, CloseReason reason) {
        protocolErrors.incrementAndGet();
        log.debug("{}: {} closed: {}", name, PeerAddress.format(from), reason.detail());
    }

    /** Whether the peer is listening (started and not stopping). */
    public boolean isListening() {
        return state.get() == State.LISTENING;
    }

    /**
     * The peer's name, the {@link PeerAddress} of its listening socket in canonical form
     * ({@code 127.0.0.1:5000}, {@code [::1]:5000}), with the advertised IP instead of the listening
     * one when the config has one; {@code null} before start.
     */
    public @Nullable String name() {
        return name;
    }

    /**
     * The name this peer has on a connection whose local end is {@code local}: its {@link #name()},
     * or for a peer listening on every address with no advertised address, the connection's local
     * IP with the listening port (a wildcard is nobody's address).
     */
    String nameOn(InetSocketAddress local) {
        InetSocketAddress listening = address();
        if (listening != null && listening.getAddress().isAnyLocalAddress() && config.advertisedAddress() == null) {
            return PeerAddress.of(local.getAddress(), listening.getPort()).toString();
        }
        return String.valueOf(name);
    }

    /** The listening address; {@code null} before start. */
    public @Nullable InetSocketAddress address() {
        ServerPipe s = server;
        return s == null ? null : s.localAddress();
    }

    /**
     * Stops: denies new offers, closes every connection gracefully (queued sends are written),
     * fires {@code close} for each, then {@code stop}. Waits at most the stop timeout.
     */
    public void stop() {
        try {
            stopAsync().get(config.stopTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("peer {} did not stop cleanly", name, e);
        }
    }

    public CompletableFuture<Void> stopAsync() {
        if (!state.compareAndSet(State.LISTENING, State.STOPPING)) {
            state.compareAndSet(State.NEW, State.STOPPED);
            if (state.get() == State.STOPPED) {
                stopped.complete(null);
            }
            return stopped;
        }
        if (discovery != null) {
            discovery.close();
        }
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Connection c : connections.all()) {
            closing.add(c.closeAsync());
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .completeOnTimeout(null, config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    if (sessions != null) {
                        sessions.stopAll();
                    }
                    server.close();
                    state.set(State.STOPPED);
                    log.info("peer {} stopped", name);
                    events.fireStop(() -> stopped.complete(null));
                });
        return stopped;
    }

    @Override
    public void close() {
        stop();
    }

    // ---- connecting

    /** Connects with the peer's default data type and strictness. */
    public Connection connect(String address) throws IOException {
        return connect(address, ConnectOptions.defaults());
    }

    /**
     * Connects to the peer listening at {@code address}: {@code ip:port}, {@code [ipv6]:port} or
     * {@code name:port} (see {@link PeerAddress}; a name is resolved within the pipe's
     * {@code dns_timeout}, and the connection is known by the IP it resolved to). Blocks at most
     * the resolution, the pipe's connect time and the handshake timeout. A connection that already
     * exists to that peer is reused when its data type matches, and replaced otherwise.
     *
     * @throws IllegalArgumentException the address is not one (the message quotes it, cut short)
     * @throws ConnectionDeniedException the other peer denied the offer
     * @throws HandshakeTimeoutException it did not answer in time
     * @throws ConnectException it could not be reached
     * @throws IOException also an {@code UnknownHostException}: the name did not resolve in time
     */
    public Connection connect(String address, ConnectOptions options) throws IOException {
        return awaitDial(dialler.dial(address, options), Printable.of(address));
    }

    /** Connects to the peer at a socket address, with the peer's default data type and strictness. */
    public Connection connect(InetSocketAddress address) throws IOException {
        return connect(address, ConnectOptions.defaults());
    }

    /**
     * As {@link #connect(String, ConnectOptions)}, for a socket address; an unresolved one is
     * resolved within {@code dns_timeout}.
     */
    public Connection connect(InetSocketAddress address, ConnectOptions options) throws IOException {
        return awaitDial(dialler.dial(address, options), String.valueOf(address));
    }

    private Connection awaitDial(CompletableFuture<Connection> dial, String target) throws IOException {
        long limit = config.pipe().dnsTimeout().toMillis() + config.pipe().conTimeout().toMillis()
                + config.pipe().sslHandshake().toMillis() + timeout.toMillis() + 1000;
        try {
            return dial.get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + target);
        } catch (TimeoutException e) {
            throw new HandshakeTimeoutException("no connection to " + target + " within " + limit + " ms");
        } catch (ExecutionException e) {
            throw FutureFailures.asIOException(e.getCause());
        }
    }

    /**
     * Non-blocking twin of {@link #connect(String, ConnectOptions)}. The future completes on the
     * handler executor, never on an event loop, so what is chained to it may block.
     */
    public CompletableFuture<Connection> connectAsync(String address, ConnectOptions options) {
        return dialler.dial(address, options).whenCompleteAsync((c, e) -> { }, config.pipe().executor());
    }

    /** Non-blocking twin of {@link #connect(InetSocketAddress, ConnectOptions)}; completes on the handler executor. */
    public CompletableFuture<Connection> connectAsync(InetSocketAddress address, ConnectOptions options) {
        return dialler.dial(address, options).whenCompleteAsync((c, e) -> { }, config.pipe().executor());
    }

    /** The open connections, by the other peer's name. */
    public Map<String, Connection> connections() {
        return connections.connections();
    }

    /** The connection with the named peer; any spelling of its address finds it ({@code [::1]:5000}, {@code [0:0:0:0:0:0:0:1]:5000}). */
    public Optional<Connection> connection(String peerName) {
        return connections.connection(peerName);
    }

    /**
     * Sends to every connection; one that cannot carry the value (another data type, another
     * stream size) is skipped, as in Peerpy. Returns how many it was sent on.
     */
    public int broadcast(Object value) {
        int sent = 0;
        for (Connection c : connections.all()) {
            try {
                c.sendAsync(value);
                sent++;
            } catch (IllegalArgumentException | IllegalStateException skipped) {
                log.debug("broadcast skips {}: {}", c, skipped.getMessage());
            }
        }
        return sent;
    }

    // ---- called by the handshakes and connections

    /** Decides an offer off the I/O thread; an accepted offer holds a connection slot. */
    CompletableFuture<Boolean> decide(Offer offer, PipeChannel channel) {
        return offers.decide(offer, channel::execute);
    }

    /** Connections and handshakes closed for breaking the protocol (bad headers, sizes, types, payloads). */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /**
     * The received bytes all connections hold now (payloads being collected, messages waiting
     * for handlers or {@code receive}), bounded by {@link PeerConfig#maxBuffered()}.
     */
    public long bufferedBytes() {
        return inboundMemory.used();
    }

    /** What all connections may hold together; shared by their decoders and connections. */
    /** The keep-alive timers of this peer's connections, one per event loop ({@link KeepAliveSweep}). */
    Map<EventExecutor, KeepAliveSweep> keepAliveSweeps() {
        return keepAliveSweeps;
    }

    InboundMemory inboundMemory() {
        return inboundMemory;
    }

    /** Messages, bytes and handshakes so far. */
    public PeerStats stats() {
        return stats;
    }

    /** Offers this peer answered with DENY. */
    public long deniedOffers() {
        return offers.denied();
    }

    void released(boolean reserved) {
        connections.released(reserved);
    }

    /**
     * Lists a connection under its peer's name ({@link ConnectionRegistry#register} says when it
     * replaces another); one registered while the peer stops is closed. Answers whether it was registered.
     */
    boolean register(Connection c, boolean accepted) {
        if (!connections.register(c, accepted)) {
            return false;
        }
        SessionLink session = c.sessionLink();
        if (session != null) {
            session.session().attach(session, c);
        }
        if (!isListening()) {
            c.closeAsync();
        }
        return true;
    }

    /** Fires {@code connection} for a registered connection; its peer has been told ACCEPT by now. */
    void announce(Connection c) {
        events.announce(c);
    }

    /** An offer whose name its peer could not prove was denied; the reason quotes what it claimed, escaped. */
    void identityRefused(String reason) {
        offers.identityRefused(reason);
    }

    /** Every connection holds a slot from its accept (or connect) to its end. */
    void connectionEnded(Connection c) {
        connections.connectionEnded(c);
        SessionLink session = c.sessionLink();
        if (session != null) {
            session.session().detached(c);
        }
    }

    /** Waits for the next connection established with this peer, at most {@code timeout}; {@code null} if none. */
    public @Nullable Connection awaitConnection(Duration timeout) throws InterruptedException {
        return events.awaitConnection(c -> true, () -> null, timeout);
    }

    /**
     * The connection with the named peer, waiting at most {@code timeout} for it to be
     * established; {@code null} if it was not.
     */
    public @Nullable Connection awaitConnectionTo(String peerName, Duration timeout) throws InterruptedException {
        String name = PeerAddress.canonical(peerName);
        return events.awaitConnection(c -> c.peerName().equals(name), () -> {
            Connection now = connections.named(name);
            return now != null && now.isOpen() ? now : null;
        }, timeout);
    }

    @Override
    public String toString() {
        return "Peer[" + (name != null ? name : "not listening") + "]";
    }
}
