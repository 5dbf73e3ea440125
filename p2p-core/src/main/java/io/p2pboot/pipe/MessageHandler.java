package io.p2pboot.pipe;

import java.net.InetSocketAddress;

/** Called for every message a pipe receives, in order, one at a time, never on an I/O thread. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * @param message the bytes received
     * @param sender who sent them
     * @param pipe the pipe they arrived on (for a TCP server: the accepted client's pipe)
     */
    void onMessage(byte[] message, InetSocketAddress sender, Pipe pipe) throws Exception;
}
