package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerStats;
import io.p2pboot.protocol.DataType;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The peer's meters. Tags are bounded (direction, data type): never a peer address, so the number
 * of series does not grow with the number of peers.
 */
public class P2pMetrics implements MeterBinder {

    private final Peer peer;

    public P2pMetrics(Peer peer) {
        this.peer = peer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        PeerStats stats = peer.stats();
        Gauge.builder("p2p.connections.active", peer, p -> p.connections().size())
                .description("Open connections").register(registry);
        Gauge.builder("p2p.peers.discovered", peer, p -> p.discoveredPeers().size())
                .description("Peers continuous discovery knows").register(registry);
        for (DataType type : DataType.values()) {
            String t = type.name().toLowerCase(Locale.ROOT);
            counter(registry, "p2p.messages", "in", t, stats, s -> s.messagesIn(type), "Messages received or sent");
            counter(registry, "p2p.messages", "out", t, stats, s -> s.messagesOut(type), "Messages received or sent");
            counter(registry, "p2p.bytes", "in", t, stats, s -> s.bytesIn(type), "Payload bytes received or sent");
            counter(registry, "p2p.bytes", "out", t, stats, s -> s.bytesOut(type), "Payload bytes received or sent");
        }
        FunctionTimer.builder("p2p.handshake", stats, PeerStats::handshakes,
                        s -> s.handshakeTime(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
                .description("Handshakes that ended in a connection, and their time").register(registry);
        FunctionCounter.builder("p2p.offers.denied", peer, Peer::deniedOffers)
                .description("Connection offers answered with DENY").register(registry);
        FunctionCounter.builder("p2p.protocol.errors", peer, Peer::protocolErrors)
                .description("Sockets closed for breaking the protocol").register(registry);
    }

    /** Meters hold their state object weakly: it must be the long-lived {@link PeerStats}, not a lambda. */
    private static void counter(MeterRegistry registry, String name, String direction, String type,
                                PeerStats stats, java.util.function.ToDoubleFunction<PeerStats> value,
                                String description) {
        FunctionCounter.builder(name, stats, value)
                .tag("direction", direction).tag("type", type)
                .baseUnit(name.endsWith("bytes") ? "bytes" : null)
                .description(description).register(registry);
    }
}
