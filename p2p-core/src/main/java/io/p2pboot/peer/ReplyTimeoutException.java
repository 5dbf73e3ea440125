package io.p2pboot.peer;

import java.net.SocketTimeoutException;

/** No message came on the connection within a request's timeout, so the request has no reply. */
public class ReplyTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    public ReplyTimeoutException(String message) {
        super(message);
    }
}
