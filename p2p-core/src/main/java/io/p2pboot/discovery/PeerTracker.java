package io.p2pboot.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memory of continuous discovery, merged over every {@link PeerSource}: which peers were
 * found, by which sources, when, and how many rounds each source has missed each peer since.
 * Pure bookkeeping, no I/O: a round's sightings go in, "discovered", "lost" and "ignored" news
 * come out. A source's tag is dropped from a peer after that source missed it
 * {@code lostAfterRounds} rounds in a row (rounds the source did not run, or failed, do not
 * count); the peer is lost when no tag is left. It holds at most {@code maxPeers} peers: a new
 * name that finds it full is ignored, and known peers are never pushed out by new names, so a
 * flood of forged names can neither grow it nor evict the peers already known.
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

    /** One source found one peer in one round. */
    record Sighting(String name, InetSocketAddress address, String source) {
    }

    private static final class Entry {
        DiscoveredPeer peer;
        /** Rounds missed in a row, by source tag. */
        final Map<String, Integer> missed = new LinkedHashMap<>();

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

    /** A round of broadcast discovery alone: the names that answered, in order. */
    synchronized List<Change> round(Collection<String> answers, Instant now) {
        List<Sighting> sightings = new ArrayList<>();
        for (String name : answers) {
            InetSocketAddress address = Ipv4Endpoint.parse(name);
            if (address != null) {
                sightings.add(new Sighting(name, address, PeerSource.BROADCAST));
            }
        }
        return round(sightings, Set.of(PeerSource.BROADCAST), now);
    }

    /**
     * Records one round's sightings, seen at {@code now}, in the order they came; {@code ran} are
     * the source tags that ran this round (only their misses count). Returns what changed. Peers
     * that no source vouches for any more are dropped before new names are let in, first come
     * first in, while there is room.
     */
    synchronized List<Change> round(List<Sighting> sightings, Set<String> ran, Instant now) {
        Map<String, Map<String, Sighting>> seen = new LinkedHashMap<>();
        for (Sighting s : sightings) {
            seen.computeIfAbsent(s.name(), n -> new LinkedHashMap<>()).putIfAbsent(s.source(), s);
        }
        List<Change> changes = new ArrayList<>();
        for (Iterator<Entry> it = known.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            Map<String, Sighting> by = seen.getOrDefault(e.peer.name(), Map.of());
            for (String source : ran) {
                if (by.containsKey(source)) {
                    e.missed.put(source, 0);
                } else {
                    e.missed.computeIfPresent(source, (k, n) -> n + 1 >= lostAfterRounds ? null : n + 1);
                }
            }
            if (e.missed.isEmpty()) {
                it.remove();
                changes.add(new Change(Kind.LOST, e.peer));
                continue;
            }
            Instant last = by.isEmpty() ? e.peer.lastSeen() : now;
            e.peer = new DiscoveredPeer(e.peer.name(), e.peer.address(), e.peer.firstSeen(), last, e.missed.keySet());
        }
        for (Map.Entry<String, Map<String, Sighting>> s : seen.entrySet()) {
            if (known.containsKey(s.getKey())) {
                continue;
            }
            Sighting first = s.getValue().values().iterator().next();
            DiscoveredPeer peer = new DiscoveredPeer(s.getKey(), first.address(), now, now, s.getValue().keySet());
            if (known.size() < maxPeers) {
                Entry e = new Entry(peer);
                for (String source : s.getValue().keySet()) {
                    e.missed.put(source, 0);
                }
                known.put(s.getKey(), e);
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
