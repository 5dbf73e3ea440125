package io.p2pboot.autoconfigure;

import io.netty.util.NetUtil;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * Value checks run by the property setters: a bad value fails binding, and Spring Boot's
 * report names the property and quotes the message.
 */
final class Checks {

    private Checks() {
    }

    static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("must be a port from 0 to 65535, was " + port);
        }
        return port;
    }

    static int atLeast(int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min + ", was " + value);
        }
        return value;
    }

    static Duration positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be a positive duration, was " + d);
        }
        return d;
    }

    static Duration notNegative(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("must be zero or a positive duration, was " + d);
        }
        return d;
    }

    static DataSize notNegative(DataSize s) {
        if (s == null || s.isNegative() || s.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be from 0 to 2GB, was " + s);
        }
        return s;
    }

    static DataSize positiveInt(DataSize s) {
        if (s == null || s.toBytes() < 1 || s.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be from 1B to 2GB, was " + s);
        }
        return s;
    }

    static String ipLiteral(String ip) {
        if (ip == null || !NetUtil.isValidIpV4Address(ip) && !NetUtil.isValidIpV6Address(ip)) {
            throw new IllegalArgumentException("must be an IP address, was '" + ip + "'");
        }
        return ip;
    }
}
