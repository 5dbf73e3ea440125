package io.p2pboot.protocol;

import java.io.IOException;

/**
 * The remote side broke the wire protocol (or a value cannot be put on the wire). The message
 * is the precise reason, fit to be logged and given as the reason a connection was closed.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String reason) {
        super(reason);
    }

    public ProtocolException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
