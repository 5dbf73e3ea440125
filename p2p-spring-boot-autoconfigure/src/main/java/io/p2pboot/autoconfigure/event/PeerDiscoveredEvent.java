package io.p2pboot.autoconfigure.event;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.Peer;

/** A peer source (broadcast, seed, ...) found a peer not known before (or lost and back); {@code DiscoveredPeer.source()} says which. */
public class PeerDiscoveredEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final transient DiscoveredPeer discovered;

    public PeerDiscoveredEvent(Peer peer, DiscoveredPeer discovered) {
        super(peer);
        this.discovered = discovered;
    }

    public DiscoveredPeer getDiscovered() {
        return discovered;
    }
}
