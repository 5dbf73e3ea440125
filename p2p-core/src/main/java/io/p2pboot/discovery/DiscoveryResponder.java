package io.p2pboot.discovery;

import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers discovery PINGs: a UDP pipe on the discovery port, shared with the other peers of the
 * host (address reuse), that sends one PONG naming the local peer's listening address to the
 * {@code pinger} of each well-formed PING, while the peer is visible and listening. Everything
 * else is counted and dropped; replies are rate limited and never go to a broadcast address, so
 * a PING can never cause more than one small unicast PONG.
 */
final class DiscoveryResponder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryResponder.class);

    private final DiscoveryConfig config;
    private final Supplier<String> localName;
    private final BooleanSupplier visible;
    private final DiscoveryCounters counters;
    private final ReplyLimiter limiter;
    private final Set<InetAddress> broadcasts;
    private volatile Pipe pipe;

    DiscoveryResponder(DiscoveryConfig config, Supplier<String> localName, BooleanSupplier visible,
                       DiscoveryCounters counters) {
        this.config = config;
        this.localName = localName;
        this.visible = visible;
        this.counters = counters;
        this.limiter = new ReplyLimiter(config.replyRate(), config.replyBurst(), config.globalReplyRate(),
                config.globalReplyBurst(), 4096, System::nanoTime);
        this.broadcasts = BroadcastAddresses.known(config.broadcastAddresses());
    }

    /** Binds the discovery socket. */
    void open() throws IOException {
        PipeConfig socket = config.pipeConfig().toBuilder()
                .reuseAddr(true)
                .broadcast(true)
                .doClose(false)
                .readerLimit(64 * 1024)
                .build();
        pipe = Pipe.udp()
                .bind(new InetSocketAddress(config.bindAddress(), config.port()))
                .config(socket)
                .onMessage((data, sender, p) -> onDatagram(data, sender, p))
                .open();
    }

    /** Where the responder listens, or {@code null} before {@link #open()}. */
    InetSocketAddress localAddress() {
        Pipe p = pipe;
        return p == null ? null : p.localAddress();
    }

    private void onDatagram(byte[] data, InetSocketAddress sender, Pipe p) {
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
        counters.pingsReceived.increment();
        String name = localName.get();
        if (name == null || !visible.getAsBoolean()) {
            counters.notAnswered.increment();
            return;
        }
        if (sender == null || !limiter.tryAcquire(sender.getAddress())) {
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
        Pipe p = pipe;
        pipe = null;
        if (p != null) {
            p.close();
        }
    }
}
