package io.p2pboot.pipe;

/**
 * An end handler that may run on the pipe's event loop, when it says so as the pipe ends: one
 * that neither blocks nor calls user code at that moment. A protocol on a pipe uses it so that a
 * close costs no hand-off to the handler executor; ordinary end handlers always run there.
 */
public interface EventLoopEndHandler extends EndHandler {

    /** Asked on the event loop just before {@link #onEnd} would run there. */
    boolean safeOnEventLoop();
}
