package io.p2pboot.autoconfigure;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.protocol.Printable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Value checks run by the property setters: a bad value fails binding, and Spring Boot's
 * report names the property and quotes the message.
 */
final class Checks {

    private Checks() {
    }

    static int port(String property, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(property + " must be a port from 0 to 65535, was " + port);
        }
        return port;
    }

    static int atLeast(String property, int value, int min) {
        return (int) atLeast(property, (long) value, min);
    }

    static long atLeast(String property, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(property + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    static double positive(String property, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(property + " must be a positive number, was " + value);
        }
        return value;
    }

    static Duration positive(String property, @Nullable Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration, was " + d);
        }
        return d;
    }

    static Duration notNegative(String property, @Nullable Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(property + " must be zero or a positive duration, was " + d);
        }
        return d;
    }

    static DataSize notNegative(String property, @Nullable DataSize s) {
        if (s == null || s.isNegative() || s.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " must be from 0 to 2GB, was " + s);
        }
        return s;
    }

    static DataSize positiveInt(String property, @Nullable DataSize s) {
        if (s == null || s.toBytes() < 1 || s.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " must be from 1B to 2GB, was " + s);
        }
        return s;
    }

    static DataSize positive(String property, @Nullable DataSize s) {
        if (s == null || s.toBytes() < 1) {
            throw new IllegalArgumentException(property + " must be at least 1B, was " + s);
        }
        return s;
    }

    /** An IP address alone, never a host name, in canonical form ({@link PeerAddress#parseIp}). */
    static String ipLiteral(String property, @Nullable String ip) {
        try {
            return PeerAddress.format(PeerAddress.parseIp(ip));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " must be an IP address, was " + Printable.quoted(ip), e);
        }
    }

    /** {@code host:port}, a host name allowed ({@link PeerAddress#checkHostAndPort}). */
    static String hostAndPort(String property, String text) {
        try {
            return PeerAddress.checkHostAndPort(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    /** An IP others can dial: a literal ({@link #ipLiteral}) that is not the wildcard. */
    static String reachableIp(String property, String ip) {
        String canonical = ipLiteral(property, ip);
        if (PeerAddress.parseIp(canonical).isAnyLocalAddress()) {
            throw new IllegalArgumentException(property + " must be an address others can reach, not the wildcard " + canonical);
        }
        return canonical;
    }

    /** A listening address as the peer reads it (an IP in any spelling, or localhost), in canonical form. */
    static String listenAddress(String property, @Nullable String address) {
        try {
            return PeerAddress.parseHost(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
