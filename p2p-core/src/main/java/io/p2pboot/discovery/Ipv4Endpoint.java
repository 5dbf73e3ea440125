package io.p2pboot.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Strict parsing of the {@code ip:port} names that discovery datagrams carry. The text comes from
 * the network, so it is read by hand: dotted-decimal IPv4 only, never a host name (which would make
 * a stranger's datagram trigger a DNS lookup), no leading zeros, port 1 to 65535.
 */
final class Ipv4Endpoint {

    private Ipv4Endpoint() {
    }

    /** The address named by {@code text}, or {@code null} when it is not exactly {@code a.b.c.d:port}. */
    static @Nullable InetSocketAddress parse(@Nullable String text) {
        if (text == null || text.length() > 21) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return null;
        }
        byte[] ip = parseIp(text.substring(0, colon));
        int port = parseNumber(text.substring(colon + 1), 65535);
        if (ip == null || port < 1) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null; // cannot happen with four bytes
        }
    }

    /** The canonical {@code ip:port} text of an IPv4 socket address. */
    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    private static byte @Nullable [] parseIp(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = parseNumber(parts[i], 255);
            if (octet < 0) {
                return null;
            }
            ip[i] = (byte) octet;
        }
        return ip;
    }

    /** Decimal digits only, no leading zero, at most {@code max}; -1 otherwise. */
    private static int parseNumber(String s, int max) {
        if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= max ? n : -1;
    }
}
