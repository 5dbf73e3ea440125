package io.p2pboot.discovery;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.SerialDispatcher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peerpy's discovery for one peer: a responder that answers PINGs with the peer's listening
 * name while it is visible, probes that broadcast a PING and gather the PONGs, and (optionally)
 * continuous probing that reports peers discovered and lost. Broadcast is one {@link PeerSource}:
 * other sources given at construction (seeds, ...) are asked every round too, and one tracker
 * merges what they all find, each peer tagged with its sources.
 *
 * <p>It knows nothing of the peer but two things, so any peer can plug it in: a supplier of the
 * peer's TCP listening name {@code ip:port} ({@code null} while it is not listening), asked at
 * each PING, and the visibility flag, {@link #setVisible(boolean)}, which may change at any time.
 *
 * <pre>{@code
 * try (Discovery d = new Discovery(config, () -> server.localName())) {
 *     d.addListener(new DiscoveryListener() { ... });
 *     d.start();
 *     List<String> names = d.probe();
 * }
 * }</pre>
 */
public final class Discovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final DiscoveryConfig config;
    private final Supplier<@Nullable String> localName;
    private final DiscoveryCounters counters = new DiscoveryCounters();
    private final DiscoveryProber prober;
    private final PeerTracker tracker;
    private final PeerNewsLog newsLog;
    private final SerialDispatcher events;
    private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PeerSource> sources;
    private volatile boolean visible;
    /** Why each source failed its last round, as logged; touched by the round thread only. */
    private final Map<String, String> sourceFailures = new HashMap<>();
    /** The ignored names already told to {@link #newsLog}; touched by the round thread only. */
    private volatile long ignoredLogged;
    private @Nullable DiscoveryResponder responder;
    private @Nullable ScheduledExecutorService rounds;
    /** Whether a {@link #roundNow()} round waits to run. */
    private final AtomicBoolean roundAsked = new AtomicBoolean();
    private boolean closed;

    /**
     * @param config the settings
     * @param localName the peer's TCP listening name {@code ip:port}, or {@code null} while it is not listening
     */
    public Discovery(DiscoveryConfig config, Supplier<@Nullable String> localName) {
        this(config, localName, List.of());
    }

    /**
     * With more {@linkplain PeerSource sources} than broadcast: their peers join the same tracker,
     * rounds and news. They run every {@link DiscoveryConfig#interval()} even when broadcast is
     * disabled ({@link DiscoveryConfig#enabled()} off: no responder, no PING).
     *
     * @param sources the other sources, asked each round after the broadcast probe is sent
     */
    public Discovery(DiscoveryConfig config, Supplier<@Nullable String> localName, List<PeerSource> sources) {
        this(config, localName, sources, PeerNewsLog.to(log));
    }

    /** With the log of peer news given, for tests. */
    Discovery(DiscoveryConfig config, Supplier<@Nullable String> localName, PeerNewsLog newsLog) {
        this(config, localName, List.of(), newsLog);
    }

    private Discovery(DiscoveryConfig config, Supplier<@Nullable String> localName, List<PeerSource> sources,
                      PeerNewsLog newsLog) {
        this.config = Objects.requireNonNull(config, "config");
        this.sources = List.copyOf(sources);
        this.localName = Objects.requireNonNull(localName, "localName");
        this.visible = !config.invisible();
        this.tracker = new PeerTracker(config.lostAfterRounds(), config.maxPeers());
        this.prober = new DiscoveryProber(config, localName, counters, tracker::knows, this::port);
        this.newsLog = Objects.requireNonNull(newsLog, "newsLog");
        this.events = new SerialDispatcher(config.pipeConfig().executor());
    }

    public DiscoveryConfig config() {
        return config;
    }

    /**
     * Binds the responder and, when {@link DiscoveryConfig#continuous()}, starts probing every
     * interval. Does nothing when discovery is disabled or already running.
     *
     * @throws java.net.BindException when the discovery port is held by a socket without address reuse
     */
    public synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException("discovery is closed");
        }
        if (isRunning() || !config.enabled() && sources.isEmpty()) {
            return;
        }
        if (config.enabled()) {
            DiscoveryResponder r = new DiscoveryResponder(config, localName, () -> visible, counters);
            r.open();
            responder = r;
        }
        if (config.continuous()) {
            rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, config.enabled() ? "p2p-discovery-" + config.port() : "p2p-sources");
                t.setDaemon(true);
                return t;
            });
            rounds.scheduleWithFixedDelay(this::round, 0, config.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops answering and probing; known peers are forgotten without "lost" news. It may start again. */
    public synchronized void stop() {
        if (rounds != null) {
            rounds.shutdownNow();
            try {
                rounds.awaitTermination(config.window().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rounds = null;
        }
        if (responder != null) {
            responder.close();
            responder = null;
        }
        tracker.clear();
    }

    /**
     * Runs a round as soon as the round thread is free, besides those on the interval: for a
     * source that learns its peers changed (a registry's change event), so the tracker hears of it
     * now rather than an interval later. Asks made while one is waiting are one round. Does
     * nothing unless rounds run.
     */
    public void roundNow() {
        ScheduledExecutorService r;
        synchronized (this) {
            r = rounds;
        }
        if (r == null || !roundAsked.compareAndSet(false, true)) {
            return;
        }
        try {
            r.execute(() -> {
                roundAsked.set(false);
                round();
            });
        } catch (RejectedExecutionException e) {
            roundAsked.set(false); // stopped meanwhile
        }
    }

    /** Whether the responder answers or rounds run (sources other than broadcast run rounds alone). */
    public synchronized boolean isRunning() {
        return responder != null || rounds != null;
    }

    /** The sources besides broadcast, in the order they are asked. */
    public List<PeerSource> sources() {
        return sources;
    }

    /** Stops for good. */
    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    /** Whether PINGs are answered (while the peer is also listening); takes effect at the next PING. */
    public void setVisible(boolean visible) {
        this.visible = visible;
    }

    public boolean isVisible() {
        return visible;
    }

    /**
     * The responder's (first) socket address, or {@code null} while it is not running: the
     * configured broadcast address when there is one, {@code 0.0.0.0} when discovery covers every
     * interface (see {@link DiscoveryConfig#responderAddresses()}).
     */
    public synchronized @Nullable InetSocketAddress responderAddress() {
        return responder == null ? null : responder.localAddresses().get(0);
    }

    /** The discovery port: the configured one, or (port 0) the free one taken when discovery started. */
    public synchronized int port() {
        DiscoveryResponder r = responder;
        return r != null ? r.port() : config.port();
    }

    /** The responder's socket addresses, one per {@link DiscoveryConfig#responderAddresses()}; empty while it is not running. */
    public synchronized List<InetSocketAddress> responderAddresses() {
        return responder == null ? List.of() : responder.localAddresses();
    }

    /**
     * Broadcasts a PING and returns the names that answered, without repeats and without this
     * peer's own; blocks at most about one window. Empty when discovery is disabled.
     *
     * @throws IOException when no PING could be sent (no local address faces the broadcast address, ...)
     */
    public List<String> probe() throws IOException {
        try {
            return probeAsync().get(config.window().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while probing");
        } catch (TimeoutException e) {
            throw new IOException("probe did not end within its window " + config.window(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("probe failed: " + cause, cause);
        }
    }

    /** Non-blocking twin of {@link #probe()}. */
    public CompletableFuture<List<String>> probeAsync() {
        if (!config.enabled()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return prober.probe();
    }

    /**
     * The peers continuous discovery knows now, with when they were last seen, by name: at most
     * {@link DiscoveryConfig#maxPeers()}.
     */
    public List<DiscoveredPeer> peers() {
        return tracker.peers();
    }

    public void addListener(DiscoveryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public boolean removeListener(DiscoveryListener listener) {
        return listeners.remove(listener);
    }

    /** What the responder and the prober have seen and done so far. */
    public DiscoveryStats stats() {
        return counters.snapshot();
    }

    /** One round of continuous discovery, on its own thread: every source, merged by the tracker. */
    private void round() {
        List<PeerTracker.Sighting> sightings = new ArrayList<>();
        Set<String> ran = new LinkedHashSet<>();
        CompletableFuture<List<String>> broadcast = probeAsync();
        Map<PeerSource, CompletableFuture<List<InetSocketAddress>>> asked = new LinkedHashMap<>();
        for (PeerSource source : sources) {
            try {
                asked.put(source, source.find(localName.get()));
            } catch (RuntimeException e) {
                asked.put(source, CompletableFuture.failedFuture(e));
            }
        }
        long start = System.nanoTime();
        if (config.enabled()) {
            try {
                for (String name : broadcast.get(config.window().toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                    InetSocketAddress address = Ipv4Endpoint.parse(name);
                    if (address != null) {
                        sightings.add(new PeerTracker.Sighting(name, address, PeerSource.BROADCAST));
                    }
                }
                ran.add(PeerSource.BROADCAST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("discovery round skipped broadcast: {}",
                        e instanceof ExecutionException ? e.getCause() : e.toString());
            }
        }
        for (Map.Entry<PeerSource, CompletableFuture<List<InetSocketAddress>>> a : asked.entrySet()) {
            String kind = a.getKey().kind();
            try {
                long leftNanos = a.getKey().limit().toNanos() - (System.nanoTime() - start);
                for (InetSocketAddress address : a.getValue().get(Math.max(leftNanos, 0), TimeUnit.NANOSECONDS)) {
                    sightings.add(new PeerTracker.Sighting(PeerAddress.format(address), address, kind));
                }
                ran.add(kind);
                if (sourceFailures.remove(kind) != null) {
                    log.info("discovery source {} answers again", kind);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // A source that stays down (a registry) is told once per reason, not every round.
                String why = String.valueOf(e instanceof ExecutionException ? e.getCause() : e);
                if (!why.equals(sourceFailures.put(kind, why))) {
                    log.warn("discovery rounds skip source {}, its peers kept as they are, until it answers: {}",
                            kind, why);
                }
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        for (PeerTracker.Change change : tracker.round(sightings, ran, Instant.now())) {
            switch (change.kind()) {
                case DISCOVERED -> newsLog.discovered(change.peer().name());
                case LOST -> newsLog.lost(change.peer().name());
                case IGNORED -> {
                    counters.ignoredPeers.increment();
                    continue;
                }
            }
            events.execute(() -> tell(change));
        }
        long ignoredSoFar = counters.ignoredPeers.sum();
        newsLog.ignored(ignoredSoFar - ignoredLogged, config.maxPeers());
        ignoredLogged = ignoredSoFar;
        newsLog.tick();
    }

    private void tell(PeerTracker.Change change) {
        for (DiscoveryListener l : listeners) {
            try {
                if (change.discovered()) {
                    l.peerDiscovered(this, change.peer());
                } else {
                    l.peerLost(this, change.peer());
                }
            } catch (RuntimeException e) {
                log.warn("discovery listener {} failed", l, e);
            }
        }
    }

    @Override
    public String toString() {
        return "Discovery[port=" + config.port() + ", visible=" + visible + ", running=" + isRunning() + "]";
    }
}
