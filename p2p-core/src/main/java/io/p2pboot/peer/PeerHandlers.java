package io.p2pboot.peer;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.pipe.CloseReason;

/** The handler types of the peer's and the connection's events; the emitter always comes first. */
public final class PeerHandlers {

    private PeerHandlers() {
    }

    /** {@code listen} and {@code stop}. */
    @FunctionalInterface
    public interface PeerListener {
        void on(Peer peer) throws Exception;
    }

    /** {@code offer}: return whether to accept. Every handler must accept for the offer to be accepted. */
    @FunctionalInterface
    public interface OfferHandler {
        boolean onOffer(Peer peer, Offer offer) throws Exception;
    }

    /** {@code connection}: a connection was established, on either side. */
    @FunctionalInterface
    public interface ConnectionListener {
        void on(Peer peer, Connection connection) throws Exception;
    }

    /** {@code data}: a message arrived; for one connection, handlers run in order, one at a time. */
    @FunctionalInterface
    public interface DataHandler {
        void onData(Connection connection, Received data) throws Exception;
    }

    /** {@code close}: the connection ended, once, after its last message was handled. */
    @FunctionalInterface
    public interface CloseListener {
        void onClose(Connection connection, CloseReason reason) throws Exception;
    }

    /** {@code discovered} and {@code lost}: a peer answered discovery for the first time, or stopped answering. */
    @FunctionalInterface
    public interface DiscoveryHandler {
        void on(Peer peer, DiscoveredPeer found) throws Exception;
    }
}
