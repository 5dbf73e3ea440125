/**
 * Peer addresses: the one reading and writing of the {@code ip:port} text that names a peer in a
 * HELLO's {@code peer_name}, a discovery PING's {@code pinger} and PONG's {@code ponger}, a
 * {@code connect}, the configuration and the logs. IPv4 as a dotted quad, IPv6 in brackets as
 * RFC 5952 writes it; any valid spelling is read and written back in that one form.
 */
@NullMarked
package io.p2pboot.address;

import org.jspecify.annotations.NullMarked;
