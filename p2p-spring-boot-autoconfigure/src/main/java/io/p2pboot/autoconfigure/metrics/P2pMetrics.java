package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.discovery.Discovery;
import io.p2pboot.discovery.DiscoveryStats;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerStats;
import io.p2pboot.protocol.DataType;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Registers the peer's meters, as {@link P2pMeter} declares them, reading the peer, its
 * {@link PeerStats} and its discovery's {@link DiscoveryStats}; the handler meters are
 * {@link HandlerMeters}'.
 */
public class P2pMetrics implements MeterBinder {

    private final Peer peer;

    public P2pMetrics(Peer peer) {
        this.peer = peer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        PeerStats stats = peer.stats();
        gauge(registry, P2pMeter.CONNECTIONS_ACTIVE, p -> p.connections().size());
        gauge(registry, P2pMeter.PEERS_DISCOVERED, p -> p.discoveredPeers().size());
        for (DataType type : DataType.values()) {
            String t = type.name().toLowerCase(Locale.ROOT);
            perDirection(registry, P2pMeter.MESSAGES, "in", t, stats, s -> s.messagesIn(type));
            perDirection(registry, P2pMeter.MESSAGES, "out", t, stats, s -> s.messagesOut(type));
            perDirection(registry, P2pMeter.BYTES, "in", t, stats, s -> s.bytesIn(type));
            perDirection(registry, P2pMeter.BYTES, "out", t, stats, s -> s.bytesOut(type));
        }
        FunctionTimer.builder(P2pMeter.HANDSHAKE.meterName(), stats, PeerStats::handshakes,
                        s -> s.handshakeTime(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
                .description(P2pMeter.HANDSHAKE.description()).register(registry);
        counter(registry, P2pMeter.OFFERS_DENIED, Peer::deniedOffers);
        counter(registry, P2pMeter.PROTOCOL_ERRORS, Peer::protocolErrors);
        peer.discovery().ifPresent(discovery -> bindDiscovery(registry, discovery));
    }

    /** Discovery's counters ({@link DiscoveryStats}), each read from a fresh snapshot. */
    private static void bindDiscovery(MeterRegistry registry, Discovery discovery) {
        discoveryCounter(registry, P2pMeter.DISCOVERY_PROBES, null, discovery, DiscoveryStats::probes);
        discoveryCounter(registry, P2pMeter.DISCOVERY_PINGS, null, discovery, DiscoveryStats::pingsReceived);
        discoveryCounter(registry, P2pMeter.DISCOVERY_REPLIES, null, discovery, DiscoveryStats::pongsSent);
        discoveryCounter(registry, P2pMeter.DISCOVERY_UNANSWERED, "invisible", discovery, DiscoveryStats::notAnswered);
        discoveryCounter(registry, P2pMeter.DISCOVERY_UNANSWERED, "rate-limited", discovery,
                DiscoveryStats::rateLimited);
        discoveryCounter(registry, P2pMeter.DISCOVERY_UNANSWERED, "bad-pinger", discovery, DiscoveryStats::badPingers);
        discoveryCounter(registry, P2pMeter.DISCOVERY_UNANSWERED, "foreign-pinger", discovery,
                DiscoveryStats::foreignPingers);
        discoveryCounter(registry, P2pMeter.DISCOVERY_PONGS, null, discovery, DiscoveryStats::pongsReceived);
        discoveryCounter(registry, P2pMeter.DISCOVERY_DROPPED, "malformed", discovery, DiscoveryStats::malformed);
        discoveryCounter(registry, P2pMeter.DISCOVERY_DROPPED, "oversize", discovery, DiscoveryStats::oversize);
        discoveryCounter(registry, P2pMeter.DISCOVERY_DROPPED, "unexpected", discovery, DiscoveryStats::ignored);
        discoveryCounter(registry, P2pMeter.DISCOVERY_DROPPED, "bad-pong", discovery, DiscoveryStats::badPongs);
        discoveryCounter(registry, P2pMeter.DISCOVERY_DROPPED, "unreachable-pong", discovery,
                DiscoveryStats::unreachablePongs);
        discoveryCounter(registry, P2pMeter.DISCOVERY_PEERS_IGNORED, null, discovery, DiscoveryStats::ignoredPeers);
        discoveryCounter(registry, P2pMeter.DISCOVERY_SEND_FAILURES, null, discovery, DiscoveryStats::sendFailures);
    }

    /** A discovery counter, with its {@code reason} tag if any; its state is the long-lived {@link Discovery}. */
    private static void discoveryCounter(MeterRegistry registry, P2pMeter meter, @Nullable String reason,
                                         Discovery discovery, ToLongFunction<DiscoveryStats> count) {
        FunctionCounter.Builder<Discovery> builder = FunctionCounter.builder(meter.meterName(), discovery,
                        d -> count.applyAsLong(d.stats()))
                .baseUnit(meter.baseUnit()).description(meter.description());
        if (reason != null) {
            builder.tag(P2pMeter.Tag.REASON.key(), reason);
        }
        builder.register(registry);
    }

    private void gauge(MeterRegistry registry, P2pMeter meter, ToDoubleFunction<Peer> value) {
        Gauge.builder(meter.meterName(), peer, value).baseUnit(meter.baseUnit())
                .description(meter.description()).register(registry);
    }

    private void counter(MeterRegistry registry, P2pMeter meter, ToDoubleFunction<Peer> value) {
        FunctionCounter.builder(meter.meterName(), peer, value).baseUnit(meter.baseUnit())
                .description(meter.description()).register(registry);
    }

    /** Meters hold their state object weakly: it must be the long-lived {@link PeerStats}, not a lambda. */
    private static void perDirection(MeterRegistry registry, P2pMeter meter, String direction, String type,
                                     PeerStats stats, ToDoubleFunction<PeerStats> value) {
        FunctionCounter.builder(meter.meterName(), stats, value)
                .tag(P2pMeter.Tag.DIRECTION.key(), direction).tag(P2pMeter.Tag.TYPE.key(), type)
                .baseUnit(meter.baseUnit())
                .description(meter.description()).register(registry);
    }
}
