package io.p2pboot.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A peer that answered discovery.
 *
 * @param name its listening name, {@code ip:port}, as its PONG gave it (what a Peer connects to)
 * @param address the same as a socket address
 * @param firstSeen when it first answered
 * @param lastSeen when it last answered
 */
public record DiscoveredPeer(String name, InetSocketAddress address, Instant firstSeen, Instant lastSeen) {
}
