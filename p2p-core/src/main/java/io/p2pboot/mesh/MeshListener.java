package io.p2pboot.mesh;

import java.time.Duration;

/** What the mesh tells besides its {@linkplain Mesh#state() state}: peers given up, and connections restored. */
public interface MeshListener {

    /**
     * The mesh stopped dialling a peer: it denied the offer, or its sources lost it and it stayed
     * unreachable for {@link MeshConfig#giveUpAfter()}.
     *
     * @param attempts the dials made since its connection was last open
     */
    default void gaveUp(String peerName, int attempts, String reason) {
    }

    /**
     * A connection the mesh lost is open again.
     *
     * @param attempts the dials it took
     * @param down from the connection's end to this one's start
     */
    default void reconnected(String peerName, int attempts, Duration down) {
    }
}
