package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Peer;
import java.time.Duration;

/** A connection the mesh lost is open again. */
public class MeshReconnectedEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final String peerName;
    private final int attempts;
    private final Duration down;

    public MeshReconnectedEvent(Peer peer, String peerName, int attempts, Duration down) {
        super(peer);
        this.peerName = peerName;
        this.attempts = attempts;
        this.down = down;
    }

    public String getPeerName() {
        return peerName;
    }

    /** The dials it took. */
    public int getAttempts() {
        return attempts;
    }

    /** From the connection's end to the new one's start. */
    public Duration getDown() {
        return down;
    }
}
