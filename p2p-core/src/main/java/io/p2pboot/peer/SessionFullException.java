package io.p2pboot.peer;

/**
 * {@code sendAsync} on a session that holds {@link SessionConfig#maxUnacked()} bytes not yet
 * acknowledged: nothing was queued. {@code send} waits for room instead.
 */
public class SessionFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SessionFullException(String message) {
        super(message);
    }
}
