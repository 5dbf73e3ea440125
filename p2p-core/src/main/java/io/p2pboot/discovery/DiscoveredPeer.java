package io.p2pboot.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A peer one or more {@linkplain PeerSource peer sources} found.
 *
 * @param name its listening name, {@code ip:port} (what a Peer connects to)
 * @param address the same as a socket address
 * @param firstSeen when a source first found it
 * @param lastSeen when a source last found it
 * @param sources the {@linkplain PeerSource#kind() kinds} of the sources that vouch for it now
 *        ({@code broadcast}, {@code seed}, ...), sorted; never empty
 */
public record DiscoveredPeer(String name, InetSocketAddress address, Instant firstSeen, Instant lastSeen,
                             Set<String> sources) {

    public DiscoveredPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        sources = Collections.unmodifiableSet(new TreeSet<>(sources));
    }

    /** A peer that answered broadcast discovery, as before sources existed. */
    public DiscoveredPeer(String name, InetSocketAddress address, Instant firstSeen, Instant lastSeen) {
        this(name, address, firstSeen, lastSeen, Set.of(PeerSource.BROADCAST));
    }

    /** The source tags joined by commas, e.g. {@code broadcast,seed}: what events and health show. */
    public String source() {
        return String.join(",", sources);
    }
}
