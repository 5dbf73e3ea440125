package io.p2pboot.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One place peers come from: UDP broadcast, a list of seeds, DNS, a service registry. Every round
 * of {@link Discovery} asks each source for the peers it finds now, and one tracker merges the
 * answers: a peer found by two sources is one peer, tagged with both {@linkplain #kind() kinds}.
 *
 * <p>A source tag is dropped once its source has missed the peer for
 * {@link DiscoveryConfig#lostAfterRounds()} rounds in a row, and the peer is lost when no tag is
 * left. A round in which a source fails (its future fails) does not count against its peers.
 */
public interface PeerSource {

    /** The tag of peers that answered a UDP broadcast PING (Peerpy's discovery). */
    String BROADCAST = "broadcast";
    /** The tag of peers listed in {@code p2p.seeds}. */
    String SEED = "seed";
    /** The tag of peers a service registry lists (Spring Cloud's {@code DiscoveryClient}s, in the starter). */
    String REGISTRY = "registry";
    /** The tag of peers looked up in DNS ({@code p2p.dns.names}): SRV records, or A/AAAA records and a port. */
    String DNS = "dns";

    /** The tag of the peers this source finds, e.g. {@code seed}; one word, lower case. */
    String kind();

    /**
     * The longest a round waits for {@link #find}; a find that takes longer counts as failed for
     * that round (its peers neither found nor aged).
     */
    default Duration limit() {
        return Duration.ofSeconds(10);
    }

    /**
     * The listening addresses of the peers found this round; should complete within {@link #limit()}. {@code ownName} is this peer's name ({@code null} before it listens), to be
     * left out.
     */
    CompletableFuture<List<InetSocketAddress>> find(@Nullable String ownName);
}
