package io.p2pboot.autoconfigure.handler;

/**
 * Where an {@link OnData} method runs. The handler executor is the safe choice; the connection's
 * event loop delivers each message two thread hand-offs sooner, for methods that never block.
 */
public enum Dispatch {

    /** Where {@code p2p.handlers.dispatch} says for the whole peer: the executor unless set. */
    DEFAULT,

    /** On the peer's handler executor, even when the peer dispatches on the event loop: the method may block. */
    EXECUTOR,

    /**
     * On the connection's event loop, as the message is read, when every data handler of the
     * connection may run there (else on the executor). The method must return within microseconds
     * and never block: one that runs longer than 10 ms there is logged once, by name. Its reply is
     * queued without waiting for a slow receiver, since waiting would stall the loop.
     */
    EVENT_LOOP
}
