package io.p2pboot.peer;

import io.netty.util.NetUtil;
import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Peer names: {@code ip:port} ({@code [ip6]:port} for IPv6), as written in HELLO and PONG and
 * given to {@code connect}. The port is plain decimal digits; errors quote the input escaped and
 * cut short (a name comes from the network, and ends up in logs).
 */
final class PeerAddress {

    private static final int MAX_PORT_DIGITS = 5;

    private PeerAddress() {
    }

    /** The canonical name: a dotted quad, or IPv6 in brackets as RFC 5952 writes it ({@code [::1]:5000}). */
    static String format(InetAddress ip, int port) {
        String host = NetUtil.toAddressString(ip);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Any spelling of an address, in its canonical form; what is not an address is left as it is. */
    static String canonical(String address) {
        try {
            return format(parse(address));
        } catch (IllegalArgumentException e) {
            return address;
        }
    }

    static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }

    /** Parses an IP literal and port; host names are not looked up here. */
    static InetSocketAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("no peer address given");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("a peer address is ip:port, not " + Printable.quoted(address));
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(address, address.substring(colon + 1));
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip == null) {
            throw new IllegalArgumentException("a peer address needs an IP, not " + Printable.quoted(host));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static int port(String address, String digits) {
        if (digits.length() > MAX_PORT_DIGITS) {
            throw new IllegalArgumentException("bad port in peer address " + Printable.quoted(address));
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad port in peer address " + Printable.quoted(address));
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in peer address " + Printable.quoted(address));
        }
        return port;
    }
}
