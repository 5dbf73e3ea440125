package io.p2pboot.autoconfigure.event;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.Peer;

/** No source found a known peer for {@code p2p.discovery.lost-after} rounds: see {@code DiscoveredPeer.sources()} for the tags it had. */
public class PeerLostEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final transient DiscoveredPeer lost;

    public PeerLostEvent(Peer peer, DiscoveredPeer lost) {
        super(peer);
        this.lost = lost;
    }

    public DiscoveredPeer getLost() {
        return lost;
    }
}
