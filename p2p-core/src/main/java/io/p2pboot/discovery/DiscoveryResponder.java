package io.p2pboot.discovery;

import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers discovery PINGs: UDP pipes on the discovery port, one per
 * {@linkplain DiscoveryConfig#responderAddresses() address where the configured broadcast arrives},
 * shared with the other peers of the host (address reuse), that send one PONG naming the local
 * peer's listening address to the {@code pinger} of each well-formed PING, while the peer is
 * visible and listening. Everything else is counted and dropped; replies are rate limited, go only
 * to the IP the PING came from and never to a broadcast address, so a PING can never cause more
 * than one small unicast PONG, and never one aimed at a third host.
 */
final class DiscoveryResponder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryResponder.class);

    private final DiscoveryConfig config;
    private final Supplier<@Nullable String> localName;
    private final BooleanSupplier visible;
    private final DiscoveryCounters counters;
    private final ReplyLimiter limiter;
    private final Set<InetAddress> broadcasts;
    private volatile List<Ear> ears = List.of();
    private volatile int port;

    /** One place the responder hears PINGs, and the pipe its PONGs leave from (the same one where the OS allows it). */
    private record Ear(Pipe hearing, Pipe replying) {
        void close() {
            hearing.close();
            if (replying != hearing) {
                replying.close();
            }
        }
    }

    DiscoveryResponder(DiscoveryConfig config, Supplier<@Nullable String> localName, BooleanSupplier visible,
                       DiscoveryCounters counters) {
        this.config = config;
        this.localName = localName;
        this.visible = visible;
        this.counters = counters;
        this.limiter = new ReplyLimiter(config.replyRate(), config.replyBurst(), config.globalReplyRate(),
                config.globalReplyBurst(), 4096, System::nanoTime);
        this.broadcasts = BroadcastAddresses.known(config.broadcastAddresses());
    }

    /** Binds the discovery sockets; when one cannot be bound, none stays open. */
    void open() throws IOException {
        PipeConfig socket = config.pipeConfig().toBuilder()
                .reuseAddr(true)
                .broadcast(true)
                .doClose(false)
                .readerLimit(64 * 1024)
                .build();
        List<Ear> opened = new ArrayList<>();
        int bound = config.port();
        try {
            for (InetAddress address : config.responderAddresses()) {
                Ear ear = bind(new InetSocketAddress(address, bound), socket);
                opened.add(ear);
                bound = ear.hearing().localAddress().getPort(); // port 0: the others share the first's free port
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Ear::close);
            throw e;
        }
        ears = List.copyOf(opened);
        port = bound;
    }

    /** The port it listens on: the configured one, or the free one port 0 took. */
    int port() {
        return port;
    }

    private Ear bind(InetSocketAddress local, PipeConfig socket) throws IOException {
        try {
            Pipe pipe = Pipe.udp().bind(local).config(socket)
                    .onMessage((data, sender, p) -> onDatagram(data, sender, p)).open();
            return new Ear(pipe, pipe);
        } catch (BindException e) {
            BindException named = new BindException("cannot bind the discovery responder to "
                    + Ipv4Endpoint.format(local) + " (it binds each configured broadcast address unless a bind"
                    + " address is set): " + e.getMessage());
            named.initCause(e);
            if (!local.getAddress().isLoopbackAddress()) {
                throw named;
            }
            try {
                return bindDualStack(local, socket);
            } catch (IOException | RuntimeException again) {
                named.addSuppressed(again);
                throw named;
            }
        }
    }

    /**
     * The JDK refuses to bind an IPv4 socket to a 127.x.x.255 address on Linux (the NIO transport
     * meets this; epoll does not). An IPv6 socket bound to the IPv4-mapped address hears what is
     * broadcast there but cannot send from it, so its PONGs leave from a socket of their own on
     * 127.0.0.1 (which drops whatever it receives).
     */
    private Ear bindDualStack(InetSocketAddress local, PipeConfig socket) throws IOException {
        Pipe replying = Pipe.udp().bind("127.0.0.1", 0).config(socket)
                .onMessage((data, sender, p) -> counters.ignored.increment()).open();
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET6);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.bind(local);
            Pipe hearing = Pipe.udp().wrap(channel).config(socket)
                    .onMessage((data, sender, p) -> onDatagram(data, sender, replying)).open();
            return new Ear(hearing, replying);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            replying.close();
            throw e;
        }
    }

    /** Where the responder listens, one address per socket; empty before {@link #open()}. */
    List<InetSocketAddress> localAddresses() {
        return ears.stream().map(ear -> ear.hearing().localAddress()).toList();
    }

    private void onDatagram(byte[] data, @Nullable InetSocketAddress sender, Pipe p) {
        Header header = DiscoveryDatagrams.decode(data, counters);
        if (header == null) {
            return;
        }
        if (header.kind() != HeaderKind.PING) {
            counters.ignored.increment();
            return;
        }
        InetSocketAddress pinger = Ipv4Endpoint.parse(header.pinger().orElse(null));
        if (pinger == null || !mayReplyTo(pinger)) {
            counters.badPingers.increment();
            return;
        }
        if (sender == null || !pinger.getAddress().equals(sender.getAddress())) {
            counters.foreignPingers.increment();
            return;
        }
        counters.pingsReceived.increment();
        String name = localName.get();
        if (name == null || !visible.getAsBoolean()) {
            counters.notAnswered.increment();
            return;
        }
        if (!limiter.tryAcquire(sender.getAddress())) {
            counters.rateLimited.increment();
            return;
        }
        byte[] pong;
        try {
            pong = Header.pong(name).encode();
        } catch (ProtocolException | IllegalArgumentException e) {
            counters.notAnswered.increment();
            log.warn("cannot answer discovery: the local name '{}' does not fit in a PONG: {}", name, e.getMessage());
            return;
        }
        counters.pongsSent.increment();
        p.send(pong, pinger).whenComplete((ok, e) -> {
            if (e != null) {
                counters.sendFailures.increment();
                log.debug("PONG to {} failed", pinger, e);
            }
        });
    }

    /** A unicast address a single PONG may go to: not a broadcast, multicast or wildcard address. */
    boolean mayReplyTo(InetSocketAddress pinger) {
        InetAddress ip = pinger.getAddress();
        return !ip.isAnyLocalAddress() && !ip.isMulticastAddress() && !broadcasts.contains(ip);
    }

    @Override
    public void close() {
        List<Ear> open = ears;
        ears = List.of();
        open.forEach(Ear::close);
    }
}
