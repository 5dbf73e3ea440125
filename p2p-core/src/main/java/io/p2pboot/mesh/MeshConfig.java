package io.p2pboot.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * How the mesh chooses and keeps its peers.
 *
 * @param maxPeers how many peers it keeps connections with at most; peers found beyond that are left alone
 * @param backoff the wait between re-dials of one peer
 * @param giveUpAfter how long a peer may stay unreachable once its sources no longer list it,
 *                    before the mesh stops dialling it (while they list it, the mesh keeps on)
 * @param filter which of the peers found it connects to
 */
public record MeshConfig(int maxPeers, Backoff backoff, Duration giveUpAfter, MeshFilter filter) {

    public MeshConfig {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("the mesh's max peers must be at least 1, not " + maxPeers);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("the mesh's give-up-after must not be negative, not " + giveUpAfter);
        }
        Objects.requireNonNull(filter, "filter");
    }

    /** At most 64 peers, {@link Backoff#defaults()}, given up 5 minutes after its sources lose it, every peer found. */
    public static MeshConfig defaults() {
        return new MeshConfig(64, Backoff.defaults(), Duration.ofMinutes(5), MeshFilter.ALL);
    }

    public MeshConfig withMaxPeers(int maxPeers) {
        return new MeshConfig(maxPeers, backoff, giveUpAfter, filter);
    }

    public MeshConfig withBackoff(Backoff backoff) {
        return new MeshConfig(maxPeers, backoff, giveUpAfter, filter);
    }

    public MeshConfig withGiveUpAfter(Duration giveUpAfter) {
        return new MeshConfig(maxPeers, backoff, giveUpAfter, filter);
    }

    public MeshConfig withFilter(MeshFilter filter) {
        return new MeshConfig(maxPeers, backoff, giveUpAfter, filter);
    }
}
