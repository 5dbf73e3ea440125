package io.p2pboot.peer;

import java.net.SocketTimeoutException;

/** No answer to a HELLO came within the peer's timeout. */
public class HandshakeTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    public HandshakeTimeoutException(String message) {
        super(message);
    }
}
