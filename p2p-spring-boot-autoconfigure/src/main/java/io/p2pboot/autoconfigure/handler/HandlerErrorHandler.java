package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.pipe.CloseReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with a handler method that failed, so that one faulty method neither silences the others
 * nor, unless asked to, ends the connection: logs it with the other peer's name and optionally
 * closes that connection. A payload that does not convert counts as a failure of that message.
 */
final class HandlerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(P2pHandlerRegistrar.class);

    /** Methods already warned about for a payload they could not take; later skips log at DEBUG. */
    private final Set<HandlerMethod> warnedConversions = ConcurrentHashMap.newKeySet();
    private volatile boolean closeConnection;

    HandlerErrorHandler(boolean closeConnection) {
        this.closeConnection = closeConnection;
    }

    boolean closesConnection() {
        return closeConnection;
    }

    void setCloseConnection(boolean closeConnection) {
        this.closeConnection = closeConnection;
    }

    void failed(HandlerMethod handler, EventContext context, Exception error) {
        String remote = context.remotePeerName();
        if (error instanceof PayloadConversionException) {
            // Another shape than this method takes, not a bug here: no stack trace, and said loudly
            // once per method (a connection carrying several shapes would repeat it for every message).
            if (warnedConversions.add(handler)) {
                log.warn("{} skipped a message from peer {} (further skips are logged at DEBUG): {}",
                        handler, remote, error.getMessage());
            } else {
                log.debug("{} skipped a message from peer {}: {}", handler, remote, error.getMessage());
            }
        } else if (context.event() == HandlerEvent.OFFER) {
            log.warn("{} failed on the offer from peer {}; the offer is denied", handler, remote, error);
        } else if (remote != null) {
            log.error("{} failed on the connection to peer {}", handler, remote, error);
        } else {
            log.error("{} failed on peer {}", handler, context.peer().name(), error);
        }
        Connection connection = context.connection();
        if (closeConnection && connection != null && connection.isOpen()) {
            log.info("closing the connection to peer {} after the failure of {}", remote, handler);
            connection.closeAsync(new CloseReason(CloseReason.Kind.ERROR,
                    handler + " failed: " + error.getMessage(), error));
        }
    }
}
