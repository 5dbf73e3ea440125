package io.p2pboot.pipe;

import java.net.InetSocketAddress;

/**
 * A message received by a pipe: for UDP one datagram, for TCP one read (at most {@code reader_limit}
 * bytes; TCP keeps no message boundaries of its own).
 */
public record Message(byte[] data, InetSocketAddress sender) {
}
