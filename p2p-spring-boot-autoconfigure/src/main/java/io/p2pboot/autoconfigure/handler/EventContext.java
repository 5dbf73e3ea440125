package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import org.jspecify.annotations.Nullable;

/**
 * What one event carries, from which a handler method's arguments are taken. Fields an event
 * does not have are {@code null}; signatures are checked at start-up so none is asked for.
 */
record EventContext(HandlerEvent event, Peer peer, @Nullable Connection connection, @Nullable Offer offer,
                    @Nullable Received received, @Nullable CloseReason closeReason) {

    static EventContext offer(Peer peer, Offer offer) {
        return new EventContext(HandlerEvent.OFFER, peer, null, offer, null, null);
    }

    static EventContext data(Connection connection, Received received) {
        return new EventContext(HandlerEvent.DATA, connection.peer(), connection, null, received, null);
    }

    static EventContext close(Connection connection, CloseReason reason) {
        return new EventContext(HandlerEvent.CLOSE, connection.peer(), connection, null, null, reason);
    }

    static EventContext connection(Peer peer, Connection connection) {
        return new EventContext(HandlerEvent.CONNECTION, peer, connection, null, null, null);
    }

    static EventContext peer(HandlerEvent event, Peer peer) {
        return new EventContext(event, peer, null, null, null, null);
    }

    /** The data type that matters for the event: the message's, the connection's or the offered one. */
    @Nullable DataType dataType() {
        if (received != null) {
            return received.dataType();
        }
        if (connection != null) {
            return connection.dataType();
        }
        return offer != null ? offer.dataType() : null;
    }

    /** The other peer's name, for logs; {@code null} for the peer's own events. */
    @Nullable String remotePeerName() {
        if (connection != null) {
            return connection.peerName();
        }
        return offer != null ? offer.peerName() : null;
    }
}
