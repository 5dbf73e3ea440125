package io.p2pboot.address;

import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The grammar of address text, read by hand and without exceptions (a flood of bad names from the
 * network should cost little): {@code a.b.c.d:port}, {@code [ipv6]:port}, and {@code name:port}
 * where the caller allows names. Every way an address is read goes through here.
 *
 * <p>The rules: IPv4 is four decimal numbers 0 to 255 without leading zeros (a leading zero reads
 * as octal to some tools); IPv6 is any RFC 4291 text form, in brackets when a port follows, with
 * no zone id; an IPv4-mapped IPv6 address is the IPv4 address it maps; a host name is RFC 1123
 * labels whose last label is not all digits; a port is 1 to 65535 in plain decimal digits, no
 * sign, space or leading zero. Errors quote what was given through {@link Printable}.
 */
final class AddressText {

    /** The longest host name DNS carries. */
    static final int MAX_NAME = 253;
    /** The longest text that can be an address: a longest name, a colon and five digits. */
    static final int MAX_TEXT = MAX_NAME + 1 + 5;
    private static final int MAX_IPV6 = 45;

    private static final String PORT_RULE = "the port must be 1 to 65535 in plain digits (no sign, space or leading zero)";

    private AddressText() {
    }

    /**
     * What a text says: an IP, or a host name (lower case), and a port; or why it says nothing.
     * Exactly one of {@code ip}, {@code name} and {@code error} is set.
     */
    record Read(@Nullable InetAddress ip, @Nullable String name, int port, @Nullable String error) {

        static Read failed(@Nullable String text, String why) {
            return new Read(null, null, 0, (text == null ? "no address given" : "bad address " + Printable.quoted(text))
                    + ": " + why);
        }
    }

    /** Reads {@code host:port}; a host name only when {@code names} allows it. */
    static Read hostAndPort(@Nullable String text, boolean names) {
        if (text == null) {
            return Read.failed(null, shape(names));
        }
        if (text.length() > MAX_TEXT) {
            return Read.failed(text, "too long for an address");
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 == text.length() || text.charAt(close + 1) != ':') {
                return Read.failed(text, "an IPv6 address in brackets is followed by :port, as in [::1]:5000");
            }
            int port = port(text.substring(close + 2));
            if (port < 0) {
                return Read.failed(text, PORT_RULE);
            }
            return ipv6(text, text.substring(1, close), port);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return Read.failed(text, "no port: " + shape(names));
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1));
        if (host.indexOf(':') >= 0) {
            byte[] v6 = ipv6Bytes(host);
            if (v6 == null) {
                return Read.failed(text, "one ':' goes before the port; " + shape(names));
            }
            String example = port > 0 ? "[" + canonical(v6) + "]:" + port : "[::1]:5000";
            return Read.failed(text, "an IPv6 address goes in brackets before its port, as in " + example);
        }
        if (port < 0) {
            return Read.failed(text, PORT_RULE);
        }
        return host(text, host, port, names);
    }

    /**
     * Reads a host alone (a listening address): an IP (IPv6 with or without brackets), or a host
     * name when {@code names} allows it.
     */
    static Read hostOnly(@Nullable String text, boolean names) {
        if (text == null) {
            return Read.failed(null, names ? "an IP address or a host name" : "an IP address");
        }
        if (text.length() > MAX_NAME + 2) {
            return Read.failed(text, "too long for a host");
        }
        if (text.isEmpty()) {
            return Read.failed(text, names ? "an IP address or a host name is needed" : "an IP address is needed");
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            return ipv6(text, text.substring(1, text.length() - 1), 0);
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text, text, 0);
        }
        return host(text, text, 0, names);
    }

    /**
     * Reads a listening host: an IP as {@link #hostOnly} reads it, or {@code localhost}, the one
     * name that is always this machine (RFC 6761); other names are refused, as a peer is named by
     * the IP it listens on and its start should not wait on DNS.
     */
    static Read listenHost(@Nullable String text) {
        Read read = hostOnly(text, true);
        if (read.name() != null && !read.name().equals("localhost")) {
            return Read.failed(text, "a listening address is an IP address or localhost, not another host name");
        }
        return read;
    }

    /** The RFC 5952 text of an IP (a dotted quad for IPv4, or for an IPv4-mapped IPv6 address). */
    static String canonical(byte[] ip) {
        return Ipv6Text.format(toInet(ip));
    }

    private static String shape(boolean names) {
        return names ? "write ip:port, [ipv6]:port or name:port" : "write ip:port or [ipv6]:port";
    }

    private static Read host(String text, String host, int port, boolean names) {
        if (host.isEmpty()) {
            return Read.failed(text, "no host before the port");
        }
        if (digitsAndDots(host)) {
            byte[] v4 = ipv4Bytes(host);
            return v4 == null
                    ? Read.failed(text, "not an IPv4 address (four numbers 0 to 255, no leading zeros)")
                    : new Read(toInet(v4), null, port, null);
        }
        if (!isName(host)) {
            return Read.failed(text, names ? "not an IP address or a host name" : "not an IP address");
        }
        if (!names) {
            return Read.failed(text, "a host name is not taken here, only an IP address");
        }
        return new Read(null, host.toLowerCase(Locale.ROOT), port, null);
    }

    private static Read ipv6(String text, String literal, int port) {
        if (literal.indexOf('%') >= 0) {
            return Read.failed(text, "zone ids (the %... part) are not supported: a link-local address names no peer"
                    + " beyond its own link");
        }
        byte[] v6 = ipv6Bytes(literal);
        return v6 == null ? Read.failed(text, "not an IPv6 address") : new Read(toInet(v6), null, port, null);
    }

    /** 1 to 65535 in plain digits without a leading zero; -1 otherwise. */
    static int port(String digits) {
        int n = number(digits, 5);
        return n >= 1 && n <= 65535 ? n : -1;
    }

    /** Four numbers 0 to 255 without leading zeros, or {@code null}. */
    static byte @Nullable [] ipv4Bytes(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = number(parts[i], 3);
            if (octet < 0 || octet > 255) {
                return null;
            }
            ip[i] = (byte) octet;
        }
        return ip;
    }

    /** The 16 bytes of an RFC 4291 text form, or {@code null}. */
    static byte @Nullable [] ipv6Bytes(String text) {
        if (text.length() < 2 || text.length() > MAX_IPV6) {
            return null;
        }
        return Ipv6Text.parse(text);
    }

    /** Decimal digits only, at most {@code maxDigits}, no leading zero; -1 otherwise. */
    private static int number(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits || (s.length() > 1 && s.charAt(0) == '0')) {
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
        return n;
    }

    private static boolean digitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 1123 labels (letters, digits, inner hyphens; 1 to 63 each), the last not all digits. */
    private static boolean isName(String s) {
        if (s.length() > MAX_NAME) {
            return false;
        }
        String[] labels = s.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-'
                    || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return !digitsAndDots(labels[labels.length - 1]);
    }

    /** The address of 4 or 16 bytes; an IPv4-mapped IPv6 address comes back as IPv4 (the JDK's rule). */
    static InetAddress toInet(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IP of " + ip.length + " bytes", e); // 4 or 16 only reach here
        }
    }
}
