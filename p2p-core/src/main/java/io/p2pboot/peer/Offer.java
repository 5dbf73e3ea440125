package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;
import java.net.InetSocketAddress;
import java.util.OptionalInt;

/**
 * A connection offer (a HELLO) that the listener's offer handlers accept or deny.
 *
 * @param peerName the offering peer's listening name {@code ip:port}
 * @param remoteAddress where the offer came from
 */
public record Offer(String peerName, InetSocketAddress remoteAddress, DataType dataType, boolean strict,
                    boolean stream, OptionalInt dataSize) {
}
