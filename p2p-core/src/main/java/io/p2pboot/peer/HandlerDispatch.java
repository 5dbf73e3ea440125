package io.p2pboot.peer;

/**
 * Where a peer's data handlers run. The handler executor is the safe default; the event loop
 * saves two thread hand-offs per message, for handlers that never block.
 */
public enum HandlerDispatch {

    /** On the handler executor, one at a time per connection: handlers may block. */
    EXECUTOR,

    /**
     * On the connection's event loop, as the message is read: a handler must return within
     * microseconds and never block, or it stalls every connection of that loop. One that takes
     * longer than {@link SlowHandlerWatch#BOUND} is reported once. Messages whose payload is decoded
     * off the event loop ({@code raw}, very large {@code json}) still go to the executor.
     */
    EVENT_LOOP
}
