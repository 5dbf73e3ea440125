package io.p2pboot.mesh;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.ConnectionListener;
import io.p2pboot.peer.PeerHandlers.DiscoveryHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a connection with every peer the peer's sources find (those the {@link MeshFilter}
 * accepts, up to {@link MeshConfig#maxPeers()}): it dials each one found, and when a connection
 * ends for any reason but a close by this side ({@code LOCAL}; a connection {@code REPLACED} by
 * another between the same peers is no such close), dials again after a {@link Backoff}. It stops
 * dialling a peer that denies the offer, and one that stays unreachable for
 * {@link MeshConfig#giveUpAfter()} once its sources no longer list it; both are told to
 * {@link MeshListener}s. A peer found again later is dialled again, at once.
 *
 * <p>Connections the other side dialled count too: a wanted peer connected either way is
 * connected. When two peers dial each other at once, the peer keeps one of the two connections on
 * both sides (see {@link Connection#dialled()}), and the mesh sees one connection.
 *
 * <p>All of the mesh's state lives on one thread of its own; the peer's events only hand work to
 * it, so nothing here runs on an event loop or blocks one.
 */
public final class Mesh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Mesh.class);

    private final Peer peer;
    private final MeshConfig config;
    private final ScheduledExecutorService thread;
    private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();
    /** The wanted peers by name; touched on {@link #thread} only. */
    private final Map<String, Member> members = new LinkedHashMap<>();
    private volatile MeshState state = new MeshState(0, 0, List.of(), 0, 0);
    private long reconnects;
    private long gaveUp;
    private volatile boolean closed;

    private final DiscoveryHandler onFound = (p, found) -> run(() -> found(found));
    private final DiscoveryHandler onLost = (p, lost) -> run(() -> lost(lost.name()));
    private final ConnectionListener onConnection = (p, c) -> run(() -> opened(c));
    private final CloseListener onClose = (c, reason) -> run(() -> ended(c, reason));
    private final PeerListener onListen = p -> run(this::foundSoFar);
    private final PeerListener onStop = p -> run(this::clear);

    private Mesh(Peer peer, MeshConfig config) {
        this.peer = peer;
        this.config = config;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "p2p-mesh");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /**
     * Makes {@code peer} a member of a mesh: from now on (or from its start) it connects to the
     * peers its sources find. The peer needs discovery or another source to find any.
     */
    public static Mesh attach(Peer peer, MeshConfig config) {
        Mesh mesh = new Mesh(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(config, "config"));
        peer.onPeerDiscovered(mesh.onFound).onPeerLost(mesh.onLost).onConnection(mesh.onConnection)
                .onClose(mesh.onClose).onListen(mesh.onListen).onStop(mesh.onStop);
        mesh.run(mesh::foundSoFar);
        return mesh;
    }

    public MeshConfig config() {
        return config;
    }

    public Mesh addListener(MeshListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The mesh as of its last change. */
    public MeshState state() {
        return state;
    }

    /**
     * Leaves the mesh: no more dials, and the peer's events no longer reach it. The connections
     * stay open; they are the peer's.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Object handler : List.of(onFound, onLost, onConnection, onClose, onListen, onStop)) {
            peer.removeHandler(handler);
        }
        thread.shutdownNow();
    }

    // ---- on the mesh's thread

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Runs a task of the mesh's thread, logging what it throws (the mesh goes on), then publishes the state. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("mesh of peer {}: {}", peer.name(), e.toString(), e);
        }
        publish();
    }

    private void foundSoFar() {
        if (peer.isListening()) {
            peer.discoveredPeers().forEach(this::found);
        }
    }

    private void found(DiscoveredPeer found) {
        Member m = members.get(found.name());
        if (m != null) {
            m.address = found;
            if (!connected(m.name) && !m.dialling) {
                // Found again (a seed that accepts once more, a record back in DNS): no reason to wait.
                m.cancelNext();
                dial(m);
            }
            return;
        }
        if (!peer.isListening() || found.name().equals(peer.name()) || !config.filter().accepts(found)) {
            return;
        }
        if (members.size() >= config.maxPeers()) {
            log.debug("mesh of peer {} leaves {} alone: it has its {} peers", peer.name(), found.name(), config.maxPeers());
            return;
        }
        m = new Member(found);
        members.put(found.name(), m);
        if (!connected(m.name)) {
            dial(m);
        }
    }

    private void lost(String name) {
        Member m = members.get(name);
        if (m != null && !connected(name) && !m.dialling && m.downFor().compareTo(config.giveUpAfter()) >= 0) {
            giveUp(m, "its sources lost it, and it was unreachable for " + m.downFor().toMillis() + " ms");
        }
    }

    private void opened(Connection c) {
        Member m = members.get(c.peerName());
        if (m == null) {
            return;
        }
        m.cancelNext();
        if (m.wasConnected && m.downSince != 0) {
            Duration down = Duration.ofNanos(System.nanoTime() - m.downSince);
            reconnects++;
            log.info("mesh of peer {}: connection to {} open again after {} ms and {} dial(s)", peer.name(), m.name,
                    down.toMillis(), m.attempts);
            int attempts = m.attempts;
            listeners.forEach(l -> l.reconnected(m.name, attempts, down));
        }
        m.attempts = 0;
        m.downSince = 0;
        m.lastFailure = "";
        m.wasConnected = true;
    }

    private void ended(Connection c, CloseReason reason) {
        Member m = members.get(c.peerName());
        if (m == null || connected(m.name) || !peer.isListening()) {
            return;
        }
        if (reason.kind() == CloseReason.Kind.LOCAL) {
            log.info("mesh of peer {}: {} was closed here ({}); not dialled again until it is found again",
                    peer.name(), m.name, reason.detail());
            members.remove(m.name);
            m.cancelNext();
            return;
        }
        m.wasConnected = true;
        if (m.downSince == 0) {
            m.downSince = System.nanoTime();
        }
        m.lastFailure = reason.toString();
        if (!m.dialling && m.next == null) {
            schedule(m);
        }
    }

    private void dial(Member m) {
        m.next = null;
        m.nextAt = null;
        if (closed || !peer.isListening() || members.get(m.name) != m) {
            return;
        }
        if (connected(m.name)) {
            return;
        }
        m.attempts++;
        m.dialling = true;
        peer.connectAsync(m.address.address(), ConnectOptions.defaults())
                .whenComplete((c, error) -> run(() -> dialled(m, error)));
    }

    private void dialled(Member m, @Nullable Throwable error) {
        m.dialling = false;
        if (members.get(m.name) != m || connected(m.name)) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ConnectionDeniedException) {
            giveUp(m, "it denied the offer");
            return;
        }
        m.lastFailure = cause == null ? "the connection closed at once" : cause.toString();
        if (m.downSince == 0) {
            m.downSince = System.nanoTime();
        }
        boolean stillFound = peer.discoveredPeers().stream().anyMatch(d -> d.name().equals(m.name));
        if (!stillFound && m.downFor().compareTo(config.giveUpAfter()) >= 0) {
            giveUp(m, "its sources lost it, and it was unreachable for " + m.downFor().toMillis()
                    + " ms; the last dial failed: " + m.lastFailure);
            return;
        }
        schedule(m);
    }

    private void schedule(Member m) {
        Duration wait = config.backoff().delay(m.attempts + 1, ThreadLocalRandom.current()::nextDouble);
        m.nextAt = Instant.now().plus(wait);
        m.next = thread.schedule(() -> guarded(() -> dial(m)), wait.toNanos(), TimeUnit.NANOSECONDS);
        log.debug("mesh of peer {}: {} dialled again in {} ms ({})", peer.name(), m.name, wait.toMillis(), m.lastFailure);
    }

    private void giveUp(Member m, String reason) {
        members.remove(m.name);
        m.cancelNext();
        gaveUp++;
        log.info("mesh of peer {} gives up {} after {} dial(s): {}", peer.name(), m.name, m.attempts, reason);
        int attempts = m.attempts;
        listeners.forEach(l -> l.gaveUp(m.name, attempts, reason));
    }

    private void clear() {
        members.values().forEach(Member::cancelNext);
        members.clear();
    }

    private boolean connected(String name) {
        return peer.connection(name).map(Connection::isOpen).orElse(false);
    }

    private void publish() {
        int connected = 0;
        List<MeshState.Retrying> retrying = new ArrayList<>();
        for (Member m : members.values()) {
            if (connected(m.name)) {
                connected++;
            } else {
                retrying.add(new MeshState.Retrying(m.name, m.attempts, m.nextAt, m.lastFailure));
            }
        }
        state = new MeshState(connected, members.size(), List.copyOf(retrying), reconnects, gaveUp);
    }

    /** A wanted peer. */
    private static final class Member {
        final String name;
        DiscoveredPeer address;
        int attempts;
        boolean dialling;
        /** Whether a connection with it was ever open: only then is a new one a reconnect. */
        boolean wasConnected;
        /** {@link System#nanoTime()} when its connection (or first dial) failed; 0 while connected or never. */
        long downSince;
        String lastFailure = "";
        @Nullable ScheduledFuture<?> next;
        @Nullable Instant nextAt;

        Member(DiscoveredPeer found) {
            this.name = found.name();
            this.address = found;
        }

        Duration downFor() {
            return downSince == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - downSince);
        }

        void cancelNext() {
            if (next != null) {
                next.cancel(false);
                next = null;
                nextAt = null;
            }
        }
    }
}
