package io.p2pboot.peer;

import java.net.SocketTimeoutException;

/** The other side took no data for the peer's timeout while a blocking send waited. */
public class SendTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    public SendTimeoutException(String message) {
        super(message);
    }
}
