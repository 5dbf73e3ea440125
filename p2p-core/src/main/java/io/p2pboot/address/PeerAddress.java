package io.p2pboot.address;

import io.p2pboot.address.AddressText.Read;
import io.p2pboot.pipe.HostResolver;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A peer's address, an IP and a port, and the one way its text is read and written: the name a
 * peer gives itself in HELLO and PONG, the target of {@code connect}, the key of its connection.
 *
 * <p>Written ({@link #toString()}) as {@code a.b.c.d:port} for IPv4, byte for byte what a Python
 * peer writes, and as {@code [ipv6]:port} for IPv6 in the form of RFC 5952 ({@code [::1]:5000}:
 * lower case, zeros compressed). Read in any valid spelling ({@code [0:0:0:0:0:0:0:1]:5000} is
 * {@code [::1]:5000}); an IPv4-mapped IPv6 address is read as the IPv4 address it maps
 * ({@code [::ffff:127.0.0.1]:5000} is {@code 127.0.0.1:5000}, as the JDK and dual-stack sockets
 * see it); zone ids ({@code [fe80::1%eth0]:5000}) are refused, as an IPv6 address without brackets
 * ({@code ::1:5000} could be the address {@code ::1:5000} itself). A port is 1 to 65535 in plain
 * digits: no sign, no space, no leading zero ({@code 080} is refused). IPv4 numbers have no
 * leading zeros either. Host names are taken only by {@link #resolve(String, PipeConfig)}, never
 * by {@link #parse(String)} (text from the network must not start DNS lookups).
 *
 * <p>Errors quote at most the first {@link Printable#MAX_CHARS} characters of what was given,
 * escaped, so that an address may come from anyone and still end up in a log or an HTTP answer.
 */
public final class PeerAddress {

    private final InetAddress ip;
    private final int port;
    private final String text;

    private PeerAddress(InetAddress ip, int port) {
        this.ip = AddressText.toInet(ip.getAddress()); // no host name, no scope: the address alone
        this.port = port;
        String host = Ipv6Text.format(this.ip);
        this.text = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address of an IP and a port (1 to 65535). */
    public static PeerAddress of(InetAddress ip, int port) {
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a peer's port is 1 to 65535, not " + port);
        }
        return new PeerAddress(ip, port);
    }

    /** The address of a resolved socket address; an unresolved one goes to {@link #resolve(InetSocketAddress, PipeConfig)}. */
    public static PeerAddress of(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + Printable.quoted(address.getHostString())
                    + ": resolve it first");
        }
        return of(address.getAddress(), address.getPort());
    }

    /**
     * Reads {@code ip:port} or {@code [ipv6]:port} in any valid spelling; host names are refused.
     *
     * @throws IllegalArgumentException saying what is wrong, quoting the text cut short and escaped
     */
    public static PeerAddress parse(@Nullable String text) {
        Read read = AddressText.hostAndPort(text, false);
        if (read.error() != null) {
            throw new IllegalArgumentException(read.error());
        }
        return new PeerAddress(read.ip(), read.port());
    }

    /** {@link #parse(String)} for text from the network: {@code null} instead of an exception. */
    public static @Nullable PeerAddress tryParse(@Nullable String text) {
        Read read = AddressText.hostAndPort(text, false);
        return read.ip() == null ? null : new PeerAddress(read.ip(), read.port());
    }

    /**
     * Any spelling of an address in its canonical form, for looking a name up; text that is not
     * an address comes back as it is (it names nothing, and finds nothing).
     */
    public static String canonical(String text) {
        PeerAddress address = tryParse(text);
        return address == null ? text : address.text;
    }

    /**
     * Reads {@code host:port}, where the host may also be a name, resolved within the
     * configuration's {@code dns_timeout} ({@code localhost:5000}); an IP completes at once. The
     * future fails with an {@link IllegalArgumentException} for bad text and an
     * {@code UnknownHostException} for a name that does not resolve.
     */
    public static CompletableFuture<PeerAddress> resolve(@Nullable String text, PipeConfig config) {
        Read read = AddressText.hostAndPort(text, true);
        return resolved(read, config);
    }

    /** A socket address, resolving its host name (within {@code dns_timeout}) when it is unresolved. */
    public static CompletableFuture<PeerAddress> resolve(InetSocketAddress address, PipeConfig config) {
        if (!address.isUnresolved()) {
            try {
                return CompletableFuture.completedFuture(of(address));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Read host = AddressText.hostOnly(address.getHostString(), true);
        if (host.error() == null && (address.getPort() < 1 || address.getPort() > 65535)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("a peer's port is 1 to 65535, not " + address.getPort()));
        }
        return resolved(new Read(host.ip(), host.name(), address.getPort(), host.error()), config);
    }

    /**
     * Reads an IP alone, never a name (configuration that must not depend on DNS: broadcast and
     * bind addresses, allow lists): a dotted quad, or IPv6 in any spelling, with or without brackets.
     *
     * @throws IllegalArgumentException saying what is wrong, quoting the text cut short and escaped
     */
    public static InetAddress parseIp(@Nullable String text) {
        Read read = AddressText.hostOnly(text, false);
        if (read.error() != null) {
            throw new IllegalArgumentException(read.error());
        }
        return read.ip();
    }

    /**
     * Reads a host alone, as a listening address is given ({@code p2p.address}): an IP in any
     * spelling (IPv6 with or without brackets), or {@code localhost} (the one name that is always
     * this machine; a peer is named by its IP, and its start should not wait on DNS). Returns it
     * in canonical form: the IP as RFC 5952 writes it (without brackets), or {@code localhost}.
     *
     * @throws IllegalArgumentException saying what is wrong, quoting the text cut short and escaped
     */
    /**
     * Checks {@code host:port} where host names are allowed (a seed), without resolving anything;
     * answers it as given, trimmed.
     *
     * @throws IllegalArgumentException naming what is wrong (the text quoted, at most 100 characters)
     */
    public static String checkHostAndPort(@Nullable String text) {
        String trimmed = text == null ? null : text.trim(); // configuration lists are often spaced
        Read read = AddressText.hostAndPort(trimmed, true);
        if (read.error() != null) {
            throw new IllegalArgumentException(read.error());
        }
        return trimmed;
    }

    public static String parseHost(@Nullable String text) {
        Read read = AddressText.listenHost(text);
        if (read.error() != null) {
            throw new IllegalArgumentException(read.error());
        }
        return read.ip() != null ? Ipv6Text.format(read.ip()) : read.name();
    }

    /**
     * A host as {@link #parseHost} reads it, resolved: {@code localhost} through the hosts file
     * (then DNS) within the configuration's {@code dns_timeout}.
     */
    public static CompletableFuture<InetAddress> resolveHost(@Nullable String host, PipeConfig config) {
        Read read = AddressText.listenHost(host);
        if (read.error() != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(read.error()));
        }
        if (read.ip() != null) {
            return CompletableFuture.completedFuture(read.ip());
        }
        return HostResolver.resolve(read.name(), 0, config).thenApply(InetSocketAddress::getAddress);
    }

    /**
     * A host and a port as one text for messages: {@code 127.0.0.1:5000}, {@code [::1]:5000},
     * {@code localhost:5000}; a host that is neither IP nor name is quoted.
     */
    public static String format(String host, int port) {
        Read read = AddressText.hostOnly(host, true);
        if (read.ip() != null) {
            String ip = Ipv6Text.format(read.ip());
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }
        return (read.name() != null ? read.name() : Printable.quoted(host)) + ":" + port;
    }

    /** An IP as a name writes it, without brackets: a dotted quad, or RFC 5952 ({@code ::1}). */
    public static String format(InetAddress ip) {
        return Ipv6Text.format(ip);
    }

    /**
     * A socket address as a name writes it, for logs and messages ({@code [::1]:5000}, not the
     * JDK's {@code /0:0:0:0:0:0:0:1:5000}); an unresolved one as {@code host:port}.
     */
    public static String format(@Nullable InetSocketAddress address) {
        if (address == null) {
            return "(no address)";
        }
        return address.isUnresolved() ? format(address.getHostString(), address.getPort())
                : format(Ipv6Text.format(address.getAddress()), address.getPort());
    }

    private static CompletableFuture<PeerAddress> resolved(Read read, PipeConfig config) {
        if (read.error() != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(read.error()));
        }
        if (read.ip() != null) {
            return CompletableFuture.completedFuture(new PeerAddress(read.ip(), read.port()));
        }
        return HostResolver.resolve(read.name(), read.port(), config).thenApply(PeerAddress::of);
    }

    public InetAddress ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    /** The address to open a socket to. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    /** The canonical text: {@code a.b.c.d:port} or {@code [ipv6]:port}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PeerAddress other && other.port == port && other.ip.equals(ip);
    }

    @Override
    public int hashCode() {
        return ip.hashCode() * 31 + port;
    }
}
