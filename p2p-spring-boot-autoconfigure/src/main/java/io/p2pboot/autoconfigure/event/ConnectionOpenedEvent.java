package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;

/** A connection was established, by either side. */
public class ConnectionOpenedEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final transient Connection connection;

    public ConnectionOpenedEvent(Peer peer, Connection connection) {
        super(peer);
        this.connection = connection;
    }

    public Connection getConnection() {
        return connection;
    }
}
