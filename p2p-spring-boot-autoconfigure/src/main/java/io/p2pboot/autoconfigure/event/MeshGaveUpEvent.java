package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Peer;

/** The mesh stopped dialling a peer: it denied the offer, or its sources lost it and it stayed unreachable past {@code p2p.mesh.give-up-after}. */
public class MeshGaveUpEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final String peerName;
    private final int attempts;
    private final String reason;

    public MeshGaveUpEvent(Peer peer, String peerName, int attempts, String reason) {
        super(peer);
        this.peerName = peerName;
        this.attempts = attempts;
        this.reason = reason;
    }

    /** The peer given up, {@code ip:port}. */
    public String getPeerName() {
        return peerName;
    }

    /** The dials made since its connection was last open. */
    public int getAttempts() {
        return attempts;
    }

    public String getReason() {
        return reason;
    }
}
