package io.p2pboot.autoconfigure;

import io.p2pboot.peer.Peer;

/** Adjusts the auto-configured peer before it starts listening (add handlers, for instance). */
@FunctionalInterface
public interface PeerCustomizer {

    void customize(Peer peer);
}
