package io.p2pboot.pipe;

/** Called once when a pipe closes, by either side or by an error; after its last message was handled. */
@FunctionalInterface
public interface EndHandler {

    void onEnd(Pipe pipe, CloseReason reason) throws Exception;
}
