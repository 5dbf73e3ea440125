package io.p2pboot.discovery;

import io.p2pboot.address.PeerAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Discovery's rule on top of {@link PeerAddress}: the {@code pinger} and {@code ponger} names a
 * datagram carries must be IPv4 {@code a.b.c.d:port} exactly as a peer writes it (discovery is
 * IPv4 broadcast, and Python peers write nothing else). The text comes from the network, so it is
 * never a host name (a stranger's datagram must not trigger a DNS lookup).
 */
final class Ipv4Endpoint {

    private Ipv4Endpoint() {
    }

    /** The address named by {@code text}, or {@code null} when it is not exactly {@code a.b.c.d:port}. */
    static @Nullable InetSocketAddress parse(@Nullable String text) {
        PeerAddress address = PeerAddress.tryParse(text);
        if (address == null || !isIpv4(address.ip()) || !address.toString().equals(text)) {
            return null; // IPv6, or an IPv4-mapped IPv6 spelling of an IPv4 address
        }
        return address.socketAddress();
    }

    /** The canonical {@code ip:port} text of an IPv4 socket address. */
    static String format(InetSocketAddress address) {
        return PeerAddress.format(address.getAddress().getHostAddress(), address.getPort());
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }
}
