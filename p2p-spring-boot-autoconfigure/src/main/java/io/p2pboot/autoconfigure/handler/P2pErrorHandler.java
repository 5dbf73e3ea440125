package io.p2pboot.autoconfigure.handler;

/**
 * Decides what a failed handler method means: the application's policy for errors of
 * {@code @OnOffer}, {@code @OnData}, {@code @OnClose}, ... methods, as a Kafka listener
 * container's {@code CommonErrorHandler} is. A bean of this type replaces the default, a
 * {@link DefaultP2pErrorHandler} that logs and, with {@code p2p.handlers.close-on-error}, closes
 * the connection.
 *
 * <p>It is called for an exception the method threw, for a payload that could not be read as the
 * method's parameter type ({@link PayloadConversionException}: the method was not called), for a
 * payload that failed {@code @Valid}/{@code @Validated} validation ({@link PayloadValidationException}:
 * the method was not called), and for a reply the method returned that could not be sent.
 * {@code Error}s are not given to it: they go to the peer.
 *
 * <p>It runs on the thread the method ran on (a handler executor thread, in the connection's
 * order: while it blocks, that connection's next messages wait). What it can do: log or count the
 * failure; close the connection ({@link HandlerFailure#closeConnection()}); send something back
 * on it; rethrow. Whatever it does, the event goes on: the other methods of the event still run
 * and the next message is delivered. A failed {@code @OnOffer} method has not accepted, so the
 * offer is denied, whether the error handler returns or throws (throwing is the way to say so
 * explicitly; a failed check never lets a peer in). What it throws is logged, with the failure.
 */
@FunctionalInterface
public interface P2pErrorHandler {

    /**
     * Deals with one failure.
     *
     * @throws Exception to have it logged as a failure of the handler (for example the failure's
     *     own {@link HandlerFailure#exception() exception}, rethrown)
     */
    void handleError(HandlerFailure failure) throws Exception;
}
