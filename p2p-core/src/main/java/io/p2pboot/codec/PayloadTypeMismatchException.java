package io.p2pboot.codec;

import io.p2pboot.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * A payload valid in its encoding could not be read as the type asked for: the reader's problem
 * (a handler that expected another shape of value), not the sender's breach of the protocol, so
 * the connection goes on. A payload that is not valid at all is a
 * {@link ProtocolException} instead.
 */
public class PayloadTypeMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public PayloadTypeMismatchException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
