package io.p2pboot.peer;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.CloseReason;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's connections by the other peer's name, and the slots that bound how many it holds:
 * a slot is taken when an offer is accepted or a connection dialled, and freed when it ends.
 *
 * <p>A name is owned by the IP its connection comes from: an accepted connection does not take
 * a live name from another IP; one this peer dialled, or one from the same IP, replaces it.
 */
final class ConnectionRegistry {

    /** Logs under the peer's name: these lines are the peer's, as they were before they moved here. */
    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final int maxConnections;
    /** The owning peer's name, for the log. */
    private final Supplier<@Nullable String> owner;

    /**
     * @param maxConnections how many connections may hold a slot at once; {@code 0} for no bound
     * @param owner the owning peer's name, for the log
     */
    ConnectionRegistry(int maxConnections, Supplier<@Nullable String> owner) {
        this.maxConnections = maxConnections;
        this.owner = owner;
    }

    // ---- slots

    /** Takes a slot, unless all {@code maxConnections} are taken. */
    boolean reserve() {
        while (true) {
            int used = slots.get();
            if (maxConnections > 0 && used >= maxConnections) {
                return false;
            }
            if (slots.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    /** Frees the slot of an offer or a dial that did not become a connection, when it held one. */
    void released(boolean reserved) {
        if (reserved) {
            slots.decrementAndGet();
        }
    }

    /** Slots taken now: connections listed, and offers and dials on their way to be. */
    int slotsUsed() {
        return slots.get();
    }

    // ---- the names

    /**
     * Whether an offer may become a connection as far as names go: not when a live connection of
     * that name comes from another IP (the name's owner keeps its connection).
     */
    boolean admits(Offer offer) {
        Connection live = connections.get(offer.peerName());
        if (live != null && live.isOpen() && !sameIp(live, offer.remoteAddress())) {
            log.info("peer {} denies {} from {}: a live connection of that name comes from {}", owner.get(),
                    offer.peerName(), PeerAddress.format(offer.remoteAddress().getAddress()),
                    PeerAddress.format(live.remoteAddress().getAddress()));
            return false;
        }
        return true;
    }

    /**
     * Lists a connection under its peer's name. It replaces a live connection of the same name
     * when this peer dialled it, or when it comes from the same IP as the live one; an accepted
     * connection from another IP is closed instead (the name's owner keeps its connection). Of two
     * live connections dialled one by each side, the one dialled by the lower name is kept on both.
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
            if (old != null && old.isOpen() && crossed(old, c) && !keepsNewer(old, c)) {
                return old;
            }
            replaced[0] = old;
            return c;
        });
        if (kept != c) {
            c.closeFor(sameIp(kept, c.remoteAddress()) ? crossedReason(c) : new CloseReason(CloseReason.Kind.PROTOCOL,
                    "a live connection named " + c.peerName() + " comes from another IP", null));
            return false;
        }
        Connection old = replaced[0];
        if (old != null && old != c && old.isOpen()) {
            log.info("peer {}: the connection to {} from {} replaces the one from {}", owner.get(), c.peerName(),
                    PeerAddress.format(c.remoteAddress()), PeerAddress.format(old.remoteAddress()));
            old.closeAsync(crossed(old, c) ? crossedReason(old) : new CloseReason(CloseReason.Kind.REPLACED,
                    "replaced by a newer connection from " + PeerAddress.format(c.remoteAddress()), null));
        }
        return true;
    }

    /** A connection ended: its slot is freed, and its name too unless another connection holds it now. */
    void connectionEnded(Connection c) {
        // The slot first: once a connection is gone from connections(), its slot is free.
        slots.decrementAndGet();
        connections.remove(c.peerName(), c);
    }

    /**
     * Two connections between the same two peers, one dialled by each: they dialled each other at
     * once (or one restarted while the other still held the old connection). Both sides keep the
     * one the peer with the lower name dialled, so exactly one survives without a word exchanged.
     */
    private static boolean crossed(Connection old, Connection c) {
        return old.dialled() != c.dialled() && sameIp(old, c.remoteAddress());
    }

    /** Whether {@code c} is the connection of a crossed pair that both sides keep. */
    private static boolean keepsNewer(Connection old, Connection c) {
        boolean iAmLower = c.localName().compareTo(c.peerName()) < 0;
        return c.dialled() == iAmLower;
    }

    private static CloseReason crossedReason(Connection c) {
        return new CloseReason(CloseReason.Kind.REPLACED, "a duplicate: " + c.peerName()
                + " and this peer dialled each other, and the connection dialled by the lower name is kept", null);
    }

    private static boolean sameIp(Connection live, @Nullable InetSocketAddress other) {
        InetSocketAddress remote = live.remoteAddress();
        return remote != null && other != null && remote.getAddress().equals(other.getAddress());
    }

    // ---- lookups

    /** The connection listed under exactly this (canonical) name. */
    @Nullable Connection named(String canonicalName) {
        return connections.get(canonicalName);
    }

    /** The connection with the named peer; any spelling of its address finds it. */
    Optional<Connection> connection(String peerName) {
        Connection exact = connections.get(peerName);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(connections.get(PeerAddress.canonical(peerName)));
    }

    /** A snapshot, by the other peer's name. */
    Map<String, Connection> connections() {
        return Map.copyOf(connections);
    }

    /** The listed connections, live: for walking over them (broadcast, stop). */
    Collection<Connection> all() {
        return connections.values();
    }
}
