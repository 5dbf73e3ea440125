package io.p2pboot.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memory of continuous discovery: which peers answered, when, and how many rounds each has
 * missed since. Pure bookkeeping, no I/O: a round's answers go in, "discovered" and "lost" news
 * come out.
 */
final class PeerTracker {

    /** A change a round brought: a peer found, or a peer lost. */
    record Change(boolean discovered, DiscoveredPeer peer) {
    }

    private static final class Entry {
        DiscoveredPeer peer;
        int missed;

        Entry(DiscoveredPeer peer) {
            this.peer = peer;
        }
    }

    private final int lostAfterRounds;
    private final Map<String, Entry> known = new HashMap<>();

    PeerTracker(int lostAfterRounds) {
        this.lostAfterRounds = lostAfterRounds;
    }

    /** Records one round's answers, seen at {@code now}; returns what changed. */
    synchronized List<Change> round(Collection<String> answers, Instant now) {
        Set<String> answered = new HashSet<>(answers);
        List<Change> changes = new ArrayList<>();
        for (String name : answered) {
            Entry e = known.get(name);
            if (e == null) {
                DiscoveredPeer peer = new DiscoveredPeer(name, Ipv4Endpoint.parse(name), now, now);
                known.put(name, new Entry(peer));
                changes.add(new Change(true, peer));
            } else {
                e.peer = new DiscoveredPeer(name, e.peer.address(), e.peer.firstSeen(), now);
                e.missed = 0;
            }
        }
        for (Iterator<Entry> it = known.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (answered.contains(e.peer.name())) {
                continue;
            }
            if (++e.missed >= lostAfterRounds) {
                it.remove();
                changes.add(new Change(false, e.peer));
            }
        }
        return changes;
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
