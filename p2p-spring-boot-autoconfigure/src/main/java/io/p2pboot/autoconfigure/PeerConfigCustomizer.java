package io.p2pboot.autoconfigure;

import io.p2pboot.peer.PeerConfig;

/** Adjusts the peer's configuration after the {@code p2p.*} properties are applied. */
@FunctionalInterface
public interface PeerConfigCustomizer {

    void customize(PeerConfig.Builder config);
}
