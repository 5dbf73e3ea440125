package io.p2pboot.peer;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Peer names: {@code ip:port} ({@code [ip6]:port} for IPv6), as written in HELLO and PONG. */
final class PeerAddress {

    private PeerAddress() {
    }

    static String format(InetAddress ip, int port) {
        String host = ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses an IP literal and port; host names are not looked up here. */
    static InetSocketAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("no peer address given");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("a peer address is ip:port, not '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in peer address '" + address + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in peer address '" + address + "'");
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip == null) {
            throw new IllegalArgumentException("a peer address needs an IP, not '" + host + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
