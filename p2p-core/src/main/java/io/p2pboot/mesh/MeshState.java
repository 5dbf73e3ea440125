package io.p2pboot.mesh;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The mesh at one moment.
 *
 * @param connected wanted peers with an open connection
 * @param wanted the peers the mesh keeps connections with (found, accepted by the filter, within max-peers)
 * @param retrying the wanted peers without a connection, and when each is dialled next
 * @param reconnects connections restored since the mesh started
 * @param gaveUp peers given up since the mesh started
 */
public record MeshState(int connected, int wanted, List<Retrying> retrying, long reconnects, long gaveUp) {

    /**
     * A wanted peer without a connection.
     *
     * @param attempts dials made since its connection was last open
     * @param nextAttempt when it is dialled next; {@code null} while a dial is under way
     * @param lastFailure why the last dial, or the connection, ended
     */
    public record Retrying(String peerName, int attempts, @Nullable Instant nextAttempt, String lastFailure) {
    }
}
