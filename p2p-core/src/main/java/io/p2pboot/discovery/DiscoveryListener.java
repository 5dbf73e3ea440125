package io.p2pboot.discovery;

/**
 * Hears continuous discovery's news. Called one at a time, in order, on the handler executor,
 * never on an I/O thread; the emitter comes first, as in Peerpy 1.2.0.
 */
public interface DiscoveryListener {

    /** {@code peer} answered for the first time (or again, after it was lost). */
    default void peerDiscovered(Discovery discovery, DiscoveredPeer peer) {
    }

    /** {@code peer} missed {@link DiscoveryConfig#lostAfterRounds()} rounds in a row. */
    default void peerLost(Discovery discovery, DiscoveredPeer peer) {
    }
}
