package io.p2pboot.stun;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A STUN answer that cannot be used: malformed bytes, a reply to another request, or a Binding
 * error response from the server (then {@link #errorCode()} and {@link #reason()} say why).
 * Checked, because a bad datagram from the network is an expected event, not a bug.
 */
public class StunException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final @Nullable String reason;

    public StunException(String message) {
        this(message, 0, null);
    }

    StunException(String message, int errorCode, @Nullable String reason) {
        super(message);
        this.errorCode = errorCode;
        this.reason = reason;
    }

    /** The server's ERROR-CODE (300..699) for an error response, else 0. */
    public int errorCode() {
        return errorCode;
    }

    /** The server's reason phrase for an error response, else {@code null}. */
    public @Nullable String reason() {
        return reason;
    }
}
