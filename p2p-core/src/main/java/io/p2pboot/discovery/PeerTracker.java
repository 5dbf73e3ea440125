package io.p2pboot.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memory of continuous discovery: which peers answered, when, and how many rounds each has
 * missed since. Pure bookkeeping, no I/O: a round's answers go in, "discovered", "lost" and
 * "ignored" news come out. It holds at most {@code maxPeers} peers: a new name that finds it full
 * is ignored, and known peers are never pushed out by new names, so a flood of forged names can
 * neither grow it nor evict the peers already known.
 */
final class PeerTracker {

    /** What a round did to one peer. */
    enum Kind { DISCOVERED, LOST, IGNORED }

    /** A change a round brought: a peer found, a peer lost, or a new name ignored because the tracker is full. */
    record Change(Kind kind, DiscoveredPeer peer) {

        boolean discovered() {
            return kind == Kind.DISCOVERED;
        }
    }

    private static final class Entry {
        DiscoveredPeer peer;
        int missed;

        Entry(DiscoveredPeer peer) {
            this.peer = peer;
        }
    }

    private final int lostAfterRounds;
    private final int maxPeers;
    private final Map<String, Entry> known = new HashMap<>();

    PeerTracker(int lostAfterRounds, int maxPeers) {
        this.lostAfterRounds = lostAfterRounds;
        this.maxPeers = maxPeers;
    }

    /**
     * Records one round's answers, seen at {@code now}, in the order they came; returns what
     * changed. Peers that missed enough rounds are dropped before new names are let in, first
     * come first in, while there is room.
     */
    synchronized List<Change> round(Collection<String> answers, Instant now) {
        Set<String> answered = new LinkedHashSet<>(answers);
        List<Change> changes = new ArrayList<>();
        for (Iterator<Entry> it = known.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (answered.contains(e.peer.name())) {
                e.peer = new DiscoveredPeer(e.peer.name(), e.peer.address(), e.peer.firstSeen(), now);
                e.missed = 0;
            } else if (++e.missed >= lostAfterRounds) {
                it.remove();
                changes.add(new Change(Kind.LOST, e.peer));
            }
        }
        for (String name : answered) {
            if (known.containsKey(name)) {
                continue;
            }
            DiscoveredPeer peer = new DiscoveredPeer(name, Ipv4Endpoint.parse(name), now, now);
            if (known.size() < maxPeers) {
                known.put(name, new Entry(peer));
                changes.add(new Change(Kind.DISCOVERED, peer));
            } else {
                changes.add(new Change(Kind.IGNORED, peer));
            }
        }
        return changes;
    }

    /** Whether {@code name} is tracked now. */
    synchronized boolean knows(String name) {
        return known.containsKey(name);
    }

    /** The peers known now, by name. */
    synchronized List<DiscoveredPeer> peers() {
        List<DiscoveredPeer> list = new ArrayList<>();
        for (Entry e : known.values()) {
            list.add(e.peer);
        }
        list.sort(Comparator.comparing(DiscoveredPeer::name));
        return list;
    }

    synchronized void clear() {
        known.clear();
    }
}
