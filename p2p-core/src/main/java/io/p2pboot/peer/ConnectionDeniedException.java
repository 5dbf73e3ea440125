package io.p2pboot.peer;

import java.io.IOException;

/** The other peer answered a connection offer with DENY. */
public class ConnectionDeniedException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionDeniedException(String peerName) {
        super("connection offer denied by " + peerName);
    }
}
