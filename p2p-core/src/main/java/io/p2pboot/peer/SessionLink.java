package io.p2pboot.peer;

import io.p2pboot.protocol.DataFrame;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What one connection's handshake agreed about its session: which session, in which of its lives
 * ({@code epoch}: a new one each time the other peer turned out to have lost its state), what each
 * side had received when they shook hands, and the connection the session used before (whose
 * messages are handled before this one's, so that order holds across the break).
 *
 * @param linkNo which of the session's handshakes this was: messages are received from the latest only
 * @param id the session id this side wrote in its HELLO or ACCEPT
 * @param ownReceived the highest sequence number of the other's messages this side had received then
 * @param peerReceived the highest sequence number of this side's messages the other had received:
 *     the messages after it are resent
 */
record SessionLink(Session session, long epoch, long linkNo, String id, long ownReceived, long peerReceived,
                   @Nullable Connection previous) {

    /** On the event loop: whether a DATA frame is delivered (not a duplicate of one received before). */
    int arrived(DataFrame frame) {
        return session.arrived(epoch, linkNo, frame.seq());
    }

    /** On the event loop: an ACK on this connection, for this side's messages up to {@code seq} of its life. */
    void acked(long seq) {
        session.acked(epoch, seq);
    }

    /** A message of this connection was handled: acknowledged in the next ACK. */
    void delivered(Received r) {
        session.delivered(epoch, r.seq(), r.size());
    }

    /** Completes when the previous connection has delivered all it received; {@code null} when there is none. */
    @Nullable CompletableFuture<?> previousDelivered() {
        Connection p = previous;
        return p == null ? null : p.pipe().endFuture();
    }
}
