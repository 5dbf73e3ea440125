package io.p2pboot.pipe;

/**
 * A protocol that runs on a pipe (a peer's connection does): it owns everything that arrives, and
 * receives, sends and closes through the {@link PipeChannel} it is given, never around the pipe.
 * Installed with {@link PipeBuilder#protocol(PipeProtocol)}; a pipe that carries one has no
 * message handlers or subscriptions of its own.
 */
@FunctionalInterface
public interface PipeProtocol {

    /**
     * Called on the channel's event loop as each channel of the pipe is initialized, after TLS and
     * the builder's initializer: adds the protocol's handlers ({@link PipeChannel#pipeline()}) and
     * sets up its receive path ({@link PipeChannel#receiveWith}).
     */
    void install(PipeChannel channel);
}
