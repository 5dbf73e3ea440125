package io.p2pboot.autoconfigure.handler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handler used when the application has no {@link P2pErrorHandler} bean: it logs the
 * failure with the other peer's name, so that one faulty method neither silences the others nor
 * ends the connection, and closes the connection only when asked to
 * ({@code p2p.handlers.close-on-error}). A payload that did not convert or validate is the
 * message's fault, not the method's: logged without a stack trace. An application's own error
 * handler may delegate to one of these for the logging.
 */
public class DefaultP2pErrorHandler implements P2pErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(P2pHandlerRegistrar.class);

    /** Methods already warned about for a payload they could not take; later skips log at DEBUG. */
    private final Set<String> warnedConversions = ConcurrentHashMap.newKeySet();
    private volatile boolean closeConnection;

    /** @param closeConnection whether a failure closes the connection it happened on */
    public DefaultP2pErrorHandler(boolean closeConnection) {
        this.closeConnection = closeConnection;
    }

    public boolean isCloseConnection() {
        return closeConnection;
    }

    public void setCloseConnection(boolean closeConnection) {
        this.closeConnection = closeConnection;
    }

    @Override
    public void handleError(HandlerFailure failure) {
        log(failure);
        if (closeConnection && failure.closeConnection() != null) {
            log.info("closed the connection to peer {} after the failure of {}", failure.remotePeerName(),
                    failure.describeHandler());
        }
    }

    /** Logs a failure, at a level and with a detail that fit its kind. */
    protected void log(HandlerFailure failure) {
        Exception error = failure.exception();
        String handler = failure.describeHandler();
        String remote = failure.remotePeerName();
        if (error instanceof PayloadConversionException) {
            // Another shape than this method takes, not a bug here: no stack trace, and said loudly
            // once per method (a connection carrying several shapes would repeat it for every message).
            if (warnedConversions.add(handler)) {
                log.warn("{} skipped a message from peer {} (further skips are logged at DEBUG): {}",
                        handler, remote, error.getMessage());
            } else {
                log.debug("{} skipped a message from peer {}: {}", handler, remote, error.getMessage());
            }
        } else if (error instanceof PayloadValidationException) {
            log.warn("{} refused a message from peer {}: {}", handler, remote, error.getMessage());
        } else if (failure.offer() != null) {
            log.warn("{} failed on the offer from peer {}; the offer is denied", handler, remote, error);
        } else if (remote != null) {
            log.error("{} failed on the connection to peer {}", handler, remote, error);
        } else {
            log.error("{} failed on peer {}", handler, failure.peer().name(), error);
        }
    }
}
