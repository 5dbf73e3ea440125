package io.p2pboot.autoconfigure.handler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a handler method's failure to the application's {@link P2pErrorHandler}, and keeps what
 * that throws from the peer and the other handlers: it is logged, with the failure.
 */
final class HandlerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(P2pHandlerRegistrar.class);

    private final P2pErrorHandler delegate;

    HandlerErrorHandler(P2pErrorHandler delegate) {
        this.delegate = delegate;
    }

    void failed(HandlerMethod handler, EventContext context, Exception error) {
        HandlerFailure failure = new HandlerFailure(error, handler, context);
        try {
            delegate.handleError(failure);
        } catch (Exception thrown) {
            if (thrown != error) {
                thrown.addSuppressed(error);
            }
            String remote = context.remotePeerName();
            if (context.event() == HandlerEvent.OFFER) {
                log.warn("{} failed on the offer from peer {}; the offer is denied", handler, remote, thrown);
            } else {
                log.warn("{} failed{}; the error handler threw", handler, remote != null ? " on the connection to peer "
                        + remote : "", thrown);
            }
        }
    }
}
