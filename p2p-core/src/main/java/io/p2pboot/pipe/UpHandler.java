package io.p2pboot.pipe;

/** Called when a pipe is connected; on a TCP server, once for each accepted client with its pipe. */
@FunctionalInterface
public interface UpHandler {

    void onUp(Pipe pipe) throws Exception;
}
