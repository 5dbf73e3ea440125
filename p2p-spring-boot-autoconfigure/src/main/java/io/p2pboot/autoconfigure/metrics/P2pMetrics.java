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
import java.util.function.ToDoubleFunction;

/** Registers the peer's meters, as {@link P2pMeter} declares them, reading the peer and its {@link PeerStats}. */
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
