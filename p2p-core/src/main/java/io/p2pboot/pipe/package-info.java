/**
 * Pipes: TCP clients and servers and UDP sockets over Netty (P2PD's {@code pipe_open}), with
 * their configuration, handlers, receive queues, routes and event loops; the seam a protocol
 * runs on ({@code PipeProtocol}, {@code PipeChannel}) and the one receive path it shares with the
 * pipe's own messages ({@code PipeInbound}). The layer every other package of p2p-core stands on.
 */
@NullMarked
package io.p2pboot.pipe;

import org.jspecify.annotations.NullMarked;
