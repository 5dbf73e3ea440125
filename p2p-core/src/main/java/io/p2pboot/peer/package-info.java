/**
 * Peers (Peerpy's {@code Peer} and {@code Connection}): a peer listens for connection offers and
 * dials other peers; each socket carries Peerpy's protocol ({@code ConnectionProtocol}: handshake,
 * frames, codecs) on a pipe, and an accepted offer becomes a {@code Connection} with a sending and
 * a receiving side. Events ({@code listen}, {@code offer}, {@code connection}, {@code data},
 * {@code close}, {@code stop}) reach user handlers on the handler executor, never on an event loop.
 */
@NullMarked
package io.p2pboot.peer;

import org.jspecify.annotations.NullMarked;
