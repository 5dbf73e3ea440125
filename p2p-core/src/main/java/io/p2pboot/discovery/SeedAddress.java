package io.p2pboot.discovery;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One seed as written in configuration, {@code host:port} ({@code [v6]:port} for an IPv6
 * literal, host names allowed), and the peer name of a resolved address. Kept small and local to
 * seeds: the common address parser of the peer package is to replace it.
 *
 * @param host an IP literal or a host name, resolved again each round
 * @param port the TCP port the seed listens on
 */
record SeedAddress(String host, int port) {

    /** Parses {@code host:port}; the message of the exception names the seed and what is wrong. */
    static SeedAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("seed '" + text + "' must be host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new IllegalArgumentException("seed '" + text + "': " + host + " is not an IPv6 address");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("seed '" + text + "': write an IPv6 address in brackets, [::1]:port");
        }
        String digits = s.substring(colon + 1);
        int port;
        try {
            port = digits.length() > 5 ? -1 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("seed '" + text + "': port must be 1 to 65535");
        }
        return new SeedAddress(host, port);
    }

    /** A peer's name: a dotted quad, or IPv6 in brackets as RFC 5952 writes it, then {@code :port}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = NetUtil.toAddressString(ip);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
