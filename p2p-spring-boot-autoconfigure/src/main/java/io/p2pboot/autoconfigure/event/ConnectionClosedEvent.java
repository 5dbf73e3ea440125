package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.CloseReason;

/** A connection ended; the reason says who or what closed it. */
public class ConnectionClosedEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final transient Connection connection;
    private final transient CloseReason reason;

    public ConnectionClosedEvent(Peer peer, Connection connection, CloseReason reason) {
        super(peer);
        this.connection = connection;
        this.reason = reason;
    }

    public Connection getConnection() {
        return connection;
    }

    public CloseReason getReason() {
        return reason;
    }
}
