package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Peer;
import io.p2pboot.peer.SessionExpiredException;

/**
 * A session ended with its peer away past {@code p2p.sessions.resume-within} (or as the peer
 * stopped): the messages it had not delivered failed, and this says how many.
 */
public class SessionExpiredEvent extends P2pEvent {

    private static final long serialVersionUID = 1L;

    private final transient SessionExpiredException expiry;

    public SessionExpiredEvent(Peer peer, SessionExpiredException expiry) {
        super(peer);
        this.expiry = expiry;
    }

    /** The other peer, {@code ip:port}. */
    public String getPeerName() {
        return expiry.peerName();
    }

    /** How many messages the session held that the other peer had not acknowledged: their futures failed. */
    public int getUndelivered() {
        return expiry.undelivered();
    }

    /** Why it ended, with the count, as the failed futures say it. */
    public String getReason() {
        return expiry.getMessage();
    }
}
