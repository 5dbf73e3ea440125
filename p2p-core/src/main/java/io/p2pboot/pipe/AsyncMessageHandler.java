package io.p2pboot.pipe;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * A message handler that finishes later: the pipe's next message waits until the returned stage
 * completes, so order is kept without blocking a thread.
 */
@FunctionalInterface
public interface AsyncMessageHandler {

    CompletionStage<?> onMessage(byte[] message, InetSocketAddress sender, Pipe pipe);
}
