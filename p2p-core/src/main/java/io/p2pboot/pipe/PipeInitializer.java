package io.p2pboot.pipe;

import io.netty.channel.ChannelPipeline;

/**
 * Adds handlers to each channel a pipe opens (the client's, or each client a server accepts),
 * after TLS and before the pipe's own reader. This is how a protocol runs on pipes: its decoder
 * and handler consume what they understand, and what they pass on reaches the pipe's handlers
 * and {@code recv}. Called on the channel's event loop, before any byte is read.
 */
@FunctionalInterface
public interface PipeInitializer {

    void initialize(Pipe pipe, ChannelPipeline pipeline);
}
