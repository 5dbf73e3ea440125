package io.p2pboot.peer;

import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.ConnectionListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.PeerHandlers.OfferHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeBuilder;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.pipe.SerialDispatcher;
import io.p2pboot.pipe.ServerPipe;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.InboundMemory;
import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 */
public final class Peer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private enum State { NEW, LISTENING, STOPPING, STOPPED }

    private final PeerConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final SerialDispatcher events;
    private final List<PeerListener> listenListeners = new CopyOnWriteArrayList<>();
    private final List<PeerListener> stopListeners = new CopyOnWriteArrayList<>();
    private final List<OfferHandler> offerHandlers = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<DataHandler> dataHandlers = new CopyOnWriteArrayList<>();
    private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicLong protocolErrors = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong deniedOffers = new java.util.concurrent.atomic.AtomicLong();
    private final PeerStats stats = new PeerStats();
    private final InboundMemory inboundMemory;
    private final List<PeerHandlers.DiscoveryHandler> discoveredListeners = new CopyOnWriteArrayList<>();
    private final List<PeerHandlers.DiscoveryHandler> lostListeners = new CopyOnWriteArrayList<>();
    private final io.p2pboot.discovery.Discovery discovery;
    private volatile ServerPipe server;
    private volatile String name;
    private volatile Duration timeout;

    private Peer(PeerConfig config) {
        this.config = config;
        this.inboundMemory = new InboundMemory(config.maxBuffered(), config.deadAfter());
        this.discovery = config.discovery() == null ? null
                : new io.p2pboot.discovery.Discovery(config.discovery(), () -> isListening() ? name : null);
        if (discovery != null) {
            discovery.addListener(new io.p2pboot.discovery.DiscoveryListener() {
                @Override
                public void peerDiscovered(io.p2pboot.discovery.Discovery d, io.p2pboot.discovery.DiscoveredPeer p) {
                    fireDiscovery(discoveredListeners, p);
                }

                @Override
                public void peerLost(io.p2pboot.discovery.Discovery d, io.p2pboot.discovery.DiscoveredPeer p) {
                    fireDiscovery(lostListeners, p);
                }
            });
        }
        this.events = new SerialDispatcher(config.pipe().executor());
        this.timeout = config.timeout();
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

    public Peer onListen(PeerListener l) { listenListeners.add(l); return this; }
    public Peer onStop(PeerListener l) { stopListeners.add(l); return this; }
    /** Every offer handler must accept for an offer to be accepted; with none, offers are accepted. */
    public Peer onOffer(OfferHandler h) { offerHandlers.add(h); return this; }
    public Peer onConnection(ConnectionListener l) { connectionListeners.add(l); return this; }
    /** A data handler for every connection, present and future; runs before the connection's own. */
    public Peer onData(DataHandler h) { dataHandlers.add(h); return this; }
    /** A close handler for every connection. */
    public Peer onClose(CloseListener l) { closeListeners.add(l); return this; }

    /** A peer answered discovery for the first time (continuous discovery). */
    public Peer onPeerDiscovered(PeerHandlers.DiscoveryHandler h) { discoveredListeners.add(h); return this; }
    /** A known peer missed the configured number of discovery rounds. */
    public Peer onPeerLost(PeerHandlers.DiscoveryHandler h) { lostListeners.add(h); return this; }

    public boolean removeHandler(Object handler) {
        return listenListeners.remove(handler) | stopListeners.remove(handler) | offerHandlers.remove(handler)
                | connectionListeners.remove(handler) | dataHandlers.remove(handler) | closeListeners.remove(handler)
                | discoveredListeners.remove(handler) | lostListeners.remove(handler);
    }

    private void fireDiscovery(List<PeerHandlers.DiscoveryHandler> handlers, io.p2pboot.discovery.DiscoveredPeer p) {
        for (PeerHandlers.DiscoveryHandler h : handlers) {
            try {
                h.on(this, p);
            } catch (Exception e) {
                log.warn("discovery handler failed for {}", p.name(), e);
            }
        }
    }

    // ---- discovery

    /** The peer's discovery, when configured. */
    public Optional<io.p2pboot.discovery.Discovery> discovery() {
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

    /** The peers continuous discovery knows now, with when they last answered. */
    public List<io.p2pboot.discovery.DiscoveredPeer> discoveredPeers() {
        return discovery == null ? List.of() : discovery.peers();
    }

    /** Whether the peer answers discovery probes; may change at any time. */
    public void setInvisible(boolean invisible) {
        requireDiscovery().setVisible(!invisible);
    }

    public boolean isInvisible() {
        return discovery == null || !discovery.isVisible();
    }

    private io.p2pboot.discovery.Discovery requireDiscovery() {
        if (discovery == null) {
            throw new IllegalStateException("discovery is not configured for this peer (PeerConfig.discovery)");
        }
        return discovery;
    }

    List<DataHandler> dataHandlers() {
        return dataHandlers;
    }

    List<CloseListener> closeListeners() {
        return closeListeners;
    }

    // ---- lifecycle

    /** Starts listening; blocks until bound (or failed), the {@code listen} event is queued. */
    public Peer start() throws IOException {
        if (!state.compareAndSet(State.NEW, State.LISTENING)) {
            throw new IllegalStateException("a peer starts once; this one is " + state.get());
        }
        try {
            server = Pipe.tcp().bind(config.address(), config.port()).config(config.pipe())
                    .protocol(ConnectionProtocol.listening(this))
                    .listen();
        } catch (IOException | RuntimeException e) {
            state.set(State.STOPPED);
            stopped.complete(null);
            throw e;
        }
        InetSocketAddress bound = server.localAddress();
        name = PeerAddress.format(bound.getAddress(), bound.getPort());
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
        fire(listenListeners);
        return this;
    }

    /** A connection or handshake closed for breaking the protocol: counted and logged, on any thread. */
    void protocolError(@Nullable InetSocketAddress from, CloseReason reason) {
        protocolErrors.incrementAndGet();
        log.debug("{}: {} closed: {}", name, from, reason.detail());
    }

    /** Whether the peer is listening (started and not stopping). */
    public boolean isListening() {
        return state.get() == State.LISTENING;
    }

    /** The peer's name, {@code ip:port} of its listening socket; {@code null} before start. */
    public String name() {
        return name;
    }

    /** The listening address; {@code null} before start. */
    public InetSocketAddress address() {
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
        for (Connection c : connections.values()) {
            closing.add(c.closeAsync());
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .completeOnTimeout(null, config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    server.close();
                    state.set(State.STOPPED);
                    log.info("peer {} stopped", name);
                    events.execute(() -> {
                        for (PeerListener l : stopListeners) {
                            call(l);
                        }
                        stopped.complete(null);
                    });
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
     * Connects to the peer listening at {@code address} ({@code ip:port}); blocks at most the
     * pipe's connect time plus the handshake timeout. A connection that already exists to that
     * peer is reused when its data type matches, and replaced otherwise.
     *
     * @throws ConnectionDeniedException the other peer denied the offer
     * @throws HandshakeTimeoutException it did not answer in time
     * @throws java.net.ConnectException it could not be reached
     */
    public Connection connect(String address, ConnectOptions options) throws IOException {
        long limit = config.pipe().dnsTimeout().toMillis() + config.pipe().conTimeout().toMillis()
                + config.pipe().sslHandshake().toMillis() + timeout.toMillis() + 1000;
        try {
            return establish(address, options).get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while connecting to " + address);
        } catch (TimeoutException e) {
            throw new HandshakeTimeoutException("no connection to " + address + " within " + limit + " ms");
        } catch (ExecutionException e) {
            throw FutureFailures.asIOException(e.getCause());
        }
    }

    /**
     * Non-blocking twin of {@link #connect(String, ConnectOptions)}. The future completes on the
     * handler executor, never on an event loop, so what is chained to it may block.
     */
    public CompletableFuture<Connection> connectAsync(String address, ConnectOptions options) {
        return establish(address, options).whenCompleteAsync((c, e) -> { }, config.pipe().executor());
    }

    /**
     * Connects; the future may complete on an event loop, so only the blocking {@code connect}
     * waits on it directly (a hand-off fewer than {@link #connectAsync}).
     */
    private CompletableFuture<Connection> establish(String address, ConnectOptions options) {
        if (!isListening()) {
            return CompletableFuture.failedFuture(new IllegalStateException("start the peer before connecting"));
        }
        InetSocketAddress target;
        try {
            target = PeerAddress.parse(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String key = PeerAddress.format(target.getAddress(), target.getPort());
        if (key.equals(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a peer cannot connect to itself: " + key));
        }
        DataType type = options.dataType() != null ? options.dataType() : config.dataType();
        boolean strict = options.strict() != null ? options.strict() : config.strict();
        boolean stream = options.stream() != null ? options.stream() : config.stream();
        int size = !stream ? 0 : options.dataSize() != null ? options.dataSize() : config.streamSize();
        Connection existing = connections.get(key);
        if (existing != null && existing.isOpen()) {
            if (existing.dataType() == type) {
                return CompletableFuture.completedFuture(existing);
            }
            return existing.closeAsync().thenCompose(r -> establish(address, options));
        }
        if (!reserve()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "max connections (" + config.maxConnections() + ") reached"));
        }
        long begun = System.nanoTime();
        InitiatorHandshake handshake = new InitiatorHandshake(this, key, type, strict, stream, size);
        PipeBuilder dial = Pipe.tcp().to(target);
        InetAddress source = sourceFor(target.getAddress());
        if (source != null) {
            dial.bind(new InetSocketAddress(source, 0));
        }
        dial.config(config.pipe()).protocol(ConnectionProtocol.dialling(this, handshake))
                .openAsync()
                .whenComplete((pipe, error) -> {
                    if (error != null) {
                        handshake.result().completeExceptionally(error);
                    } else {
                        handshake.offer();
                    }
                });
        return handshake.result().whenComplete((c, e) -> {
            if (e != null) {
                released(true);
            } else {
                stats.handshake(System.nanoTime() - begun);
                established(c);
            }
        });
    }

    /**
     * The address to dial from, so that the connection comes from the IP this peer's name gives
     * (the other side checks the two against each other), or {@code null} where the system's
     * choice is that IP already or binding could not reach the target: a wildcard listener, the
     * other family, a loopback name dialling out of the machine, and 127.0.0.1 dialling loopback.
     */
    private InetAddress sourceFor(InetAddress target) {
        InetAddress own = address().getAddress();
        if (own.isAnyLocalAddress() || own.getClass() != target.getClass()
                || own.isLoopbackAddress() && !target.isLoopbackAddress()) {
            return null;
        }
        boolean systemDefault = own.isLoopbackAddress()
                && (own.equals(InetAddress.getLoopbackAddress()) || own.getAddress().length == 16);
        return systemDefault ? null : own;
    }

    /** The open connections, by the other peer's name. */
    public Map<String, Connection> connections() {
        return Map.copyOf(connections);
    }

    /** The connection with the named peer; any spelling of its address finds it ({@code [::1]:5000}, {@code [0:0:0:0:0:0:0:1]:5000}). */
    public Optional<Connection> connection(String peerName) {
        Connection exact = connections.get(peerName);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(connections.get(PeerAddress.canonical(peerName)));
    }

    /**
     * Sends to every connection; one that cannot carry the value (another data type, another
     * stream size) is skipped, as in Peerpy. Returns how many it was sent on.
     */
    public int broadcast(Object value) {
        int sent = 0;
        for (Connection c : connections.values()) {
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
        if (offerHandlers.isEmpty()) {
            // No user code to ask: decide where we are (the event loop), without a hand-off each way.
            return CompletableFuture.completedFuture(counted(accepts(offer)));
        }
        CompletableFuture<Boolean> decision = new CompletableFuture<>();
        channel.execute(() -> decision.complete(counted(accepts(offer))));
        return decision;
    }

    private boolean counted(boolean accepted) {
        if (!accepted) {
            deniedOffers.incrementAndGet();
        }
        return accepted;
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
    InboundMemory inboundMemory() {
        return inboundMemory;
    }

    /** Messages, bytes and handshakes so far. */
    public PeerStats stats() {
        return stats;
    }

    /** Offers this peer answered with DENY. */
    public long deniedOffers() {
        return deniedOffers.get();
    }

    private boolean accepts(Offer offer) {
        if (!isListening()) {
            return false;
        }
        Connection live = connections.get(offer.peerName());
        if (live != null && live.isOpen() && !sameIp(live, offer.remoteAddress())) {
            log.info("peer {} denies {} from {}: a live connection of that name comes from {}", name,
                    offer.peerName(), offer.remoteAddress().getAddress().getHostAddress(),
                    live.remoteAddress().getAddress().getHostAddress());
            return false;
        }
        if (!reserve()) {
            log.info("peer {} denies {}: max connections ({}) reached", name, offer.peerName(), config.maxConnections());
            return false;
        }
        for (OfferHandler h : offerHandlers) {
            boolean ok;
            try {
                ok = h.onOffer(this, offer);
            } catch (Exception e) {
                log.warn("offer handler failed; denying {}", offer.peerName(), e);
                ok = false;
            }
            if (!ok) {
                released(true);
                return false;
            }
        }
        return true;
    }

    private boolean reserve() {
        int max = config.maxConnections();
        while (true) {
            int used = slots.get();
            if (max > 0 && used >= max) {
                return false;
            }
            if (slots.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    void released(boolean reserved) {
        if (reserved) {
            slots.decrementAndGet();
        }
    }

    /** A connection this peer dialled exists: register it and fire {@code connection}. */
    private void established(Connection c) {
        if (register(c, false)) {
            announce(c);
        }
    }

    /**
     * Lists a connection under its peer's name. It replaces a live connection of the same name
     * when this peer dialled it, or when it comes from the same IP as the live one; an accepted
     * connection from another IP is closed instead (the name's owner keeps its connection).
     * Answers whether it was registered.
     */
    boolean register(Connection c, boolean accepted) {
        if (!c.isOpen()) {
            return false;
        }
        Connection[] replaced = new Connection[1];
        Connection kept = connections.compute(c.peerName(), (n, old) -> {
            if (old != null && old.isOpen() && accepted && !sameIp(old, c.remoteAddress())) {
                return old;
            }
            replaced[0] = old;
            return c;
        });
        if (kept != c) {
            c.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL,
                    "a live connection named " + c.peerName() + " comes from another IP", null));
            return false;
        }
        Connection old = replaced[0];
        if (old != null && old != c && old.isOpen()) {
            log.info("peer {}: the connection to {} from {} replaces the one from {}", name, c.peerName(),
                    c.remoteAddress(), old.remoteAddress());
            old.closeAsync();
        }
        if (state.get() != State.LISTENING) {
            c.closeAsync();
        }
        return true;
    }

    /** Fires {@code connection} for a registered connection; its peer has been told ACCEPT by now. */
    void announce(Connection c) {
        if (connectionListeners.isEmpty()) {
            return; // no user code to run: no hand-off to the handler executor
        }
        c.runInOrder(() -> {
            for (ConnectionListener l : connectionListeners) {
                try {
                    l.on(this, c);
                } catch (Exception e) {
                    log.warn("connection handler failed for {}", c, e);
                }
            }
        });
    }

    private static boolean sameIp(Connection live, InetSocketAddress other) {
        InetSocketAddress remote = live.remoteAddress();
        return remote != null && other != null && remote.getAddress().equals(other.getAddress());
    }

    /** An offer whose name its peer could not prove was denied; the reason quotes what it claimed, escaped. */
    void identityRefused(String reason) {
        deniedOffers.incrementAndGet();
        log.debug("peer {}: {}", name, reason);
    }

    /** Every connection holds a slot from its accept (or connect) to its end. */
    void connectionEnded(Connection c) {
        // The slot first: once a connection is gone from connections(), its slot is free.
        slots.decrementAndGet();
        connections.remove(c.peerName(), c);
    }

    private void fire(List<PeerListener> listeners) {
        events.execute(() -> {
            for (PeerListener l : listeners) {
                call(l);
            }
        });
    }

    private void call(PeerListener l) {
        try {
            l.on(this);
        } catch (Exception e) {
            log.warn("peer handler failed", e);
        }
    }

    /** Waits for the next connection established with this peer, at most {@code timeout}; {@code null} if none. */
    public Connection awaitConnection(Duration timeout) throws InterruptedException {
        CompletableFuture<Connection> next = new CompletableFuture<>();
        ConnectionListener once = (p, c) -> next.complete(c);
        onConnection(once);
        try {
            return next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            connectionListeners.remove(once);
        }
    }

    /**
     * The connection with the named peer, waiting at most {@code timeout} for it to be
     * established; {@code null} if it was not.
     */
    public Connection awaitConnectionTo(String peerName, Duration timeout) throws InterruptedException {
        String name = PeerAddress.canonical(peerName);
        CompletableFuture<Connection> next = new CompletableFuture<>();
        ConnectionListener match = (p, c) -> {
            if (c.peerName().equals(name)) {
                next.complete(c);
            }
        };
        onConnection(match);
        try {
            Connection now = connections.get(name);
            if (now != null && now.isOpen()) {
                return now;
            }
            return next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            connectionListeners.remove(match);
        }
    }

    @Override
    public String toString() {
        return "Peer[" + (name != null ? name : "not listening") + "]";
    }
}
