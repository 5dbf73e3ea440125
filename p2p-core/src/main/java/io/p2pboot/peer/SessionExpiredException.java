package io.p2pboot.peer;

/**
 * A session ended before the other peer acknowledged a message: no connection was restored within
 * {@link SessionConfig#resumeWithin()}, or this peer stopped. The futures of the messages it had
 * not delivered fail with it; each says how many that were.
 */
public class SessionExpiredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String peerName;
    private final int undelivered;

    public SessionExpiredException(String peerName, int undelivered, String why) {
        super("session with " + peerName + " ended (" + why + "): " + undelivered
                + " message(s) were not acknowledged by it");
        this.peerName = peerName;
        this.undelivered = undelivered;
    }

    /** The other peer's name. */
    public String peerName() {
        return peerName;
    }

    /** How many messages the session held that the other peer had not acknowledged. */
    public int undelivered() {
        return undelivered;
    }
}
