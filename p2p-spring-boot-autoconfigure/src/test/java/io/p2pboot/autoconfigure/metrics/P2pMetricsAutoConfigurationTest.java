package io.p2pboot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.BYTES;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.CONNECTIONS_ACTIVE;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.DISCOVERY_DROPPED;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.DISCOVERY_PROBES;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.DISCOVERY_UNANSWERED;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.HANDLER_DURATION;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.HANDLER_ERRORS;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.HANDSHAKE;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.MESSAGES;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.OFFERS_DENIED;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.PROTOCOL_ERRORS;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.DIRECTION;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.EVENT;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.EXCEPTION;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.HANDLER;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.OUTCOME;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.REASON;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.TYPE;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.cloud.P2pCloudAutoConfiguration;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.mesh.P2pMeshAutoConfiguration;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.discovery.Discovery;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The peer's meters are registered as {@link P2pMeter} declares them, and follow the peer's traffic. */
class P2pMetricsAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void metersFollowConnectionsMessagesBytesAndHandshakes() {
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(P2pMetrics.class).bindTo(registry);
            Peer peer = context.getBean(Peer.class);
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                Connection c = other.connect(peer.name());
                c.send("hello");
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        registry.get(MESSAGES.meterName()).tag(DIRECTION.key(), "in").tag(TYPE.key(), "json").functionCounter().count() == 1);
                assertThat(registry.get(BYTES.meterName()).tag(DIRECTION.key(), "in").tag(TYPE.key(), "json").functionCounter().count())
                        .isEqualTo("{\"data\": \"hello\"}".length());
                assertThat(registry.get(CONNECTIONS_ACTIVE.meterName()).gauge().value()).isEqualTo(1);
                assertThat(registry.get(HANDSHAKE.meterName()).functionTimer().count()).isEqualTo(1);
                assertThat(registry.get(MESSAGES.meterName()).tag(DIRECTION.key(), "out").tag(TYPE.key(), "json").functionCounter().count())
                        .isZero();
                assertThat(registry.get(OFFERS_DENIED.meterName()).functionCounter().count()).isZero();
                assertThat(registry.get(PROTOCOL_ERRORS.meterName()).functionCounter().count()).isZero();
            }
            // No meter carries a peer's address: series do not grow with peers.
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                    .allSatisfy(t -> assertThat(t.getKey()).isIn(DIRECTION.key(), TYPE.key())));
        });
    }

    @Test
    void everyRegisteredMeterIsDeclaredWithItsTypeUnitTagsAndDescription() {
        // with Spring Cloud discovery too (its simple client), for the registry's meter, and the mesh for its own
        runner.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class,
                        SimpleDiscoveryClientAutoConfiguration.class, P2pCloudAutoConfiguration.class,
                        P2pMeshAutoConfiguration.class))
                .withPropertyValues("spring.cloud.inetutils.ignored-interfaces=.*") // no DNS lookup of this host's name
                .withPropertyValues("p2p.mesh.enabled=true")
                .withPropertyValues(DISCOVERY_ON_LOOPBACK).withUserConfiguration(Handlers.class).run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                other.connect(context.getBean(Peer.class).name()).send("boom");
                await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(HANDLER_ERRORS.meterName()).counter() != null);
            }
            Set<P2pMeter> registered = EnumSet.noneOf(P2pMeter.class);
            for (Meter meter : registry.getMeters()) {
                Meter.Id id = meter.getId();
                P2pMeter declared = Arrays.stream(P2pMeter.values()).filter(m -> m.meterName().equals(id.getName()))
                        .findFirst().orElseThrow(() -> new AssertionError(id.getName() + " is not in P2pMeter"));
                registered.add(declared);
                assertThat(id.getType()).as(id.getName()).isEqualTo(declared.type());
                assertThat(id.getTags()).as(id.getName()).extracting(Tag::getKey)
                        .containsExactlyInAnyOrderElementsOf(declared.tags().stream().map(P2pMeter.Tag::key).toList());
                assertThat(id.getDescription()).as(id.getName()).isEqualTo(declared.description());
                if (declared.type() != Meter.Type.TIMER) {
                    // A timer's unit is the registry's time unit.
                    assertThat(id.getBaseUnit()).as(id.getName()).isEqualTo(declared.baseUnit());
                }
            }
            assertThat(registered).containsExactlyInAnyOrder(P2pMeter.values());
            assertThat(registry.find(MESSAGES.meterName()).meters()).hasSize(2 * DataType.values().length);
        });
    }

    @Test
    void handlerCallsAreTimedAndTheirFailuresCountedWithoutPeerTags() {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(HandlerMeters.class).bindTo(registry);
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                Connection c = other.connect(context.getBean(Peer.class).name());
                c.send("hello");
                c.send("boom");
                c.send("hello");
                await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(HANDLER_DURATION.meterName())
                        .tag(EVENT.key(), "data").timers().stream().mapToLong(Timer::count).sum() == 3);
            }
            Timer succeeded = registry.get(HANDLER_DURATION.meterName()).tag(EVENT.key(), "data").tag(TYPE.key(), "json")
                    .tag(HANDLER.key(), "Handlers.received").tag(OUTCOME.key(), "success").timer();
            assertThat(succeeded.count()).isEqualTo(2);
            assertThat(succeeded.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get(HANDLER_DURATION.meterName()).tag(OUTCOME.key(), "error").timer().count()).isEqualTo(1);
            assertThat(registry.get(HANDLER_ERRORS.meterName()).tag(EVENT.key(), "data").tag(TYPE.key(), "json")
                    .tag(HANDLER.key(), "Handlers.received").tag(EXCEPTION.key(), "IllegalStateException")
                    .counter().count()).isEqualTo(1);
            // The offer's handler, tagged with the offered data type.
            assertThat(registry.get(HANDLER_DURATION.meterName()).tag(EVENT.key(), "offer").tag(TYPE.key(), "json")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.find(HANDLER_DURATION.meterName()).meters())
                    .allSatisfy(m -> assertThat(m.getId().getTags()).extracting(Tag::getKey)
                            .containsExactlyInAnyOrder(EVENT.key(), TYPE.key(), HANDLER.key(), OUTCOME.key()));
        });
    }

    @Test
    void discoveryCountersAreMeters() {
        runner.withPropertyValues(DISCOVERY_ON_LOOPBACK).run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(P2pMetrics.class).bindTo(registry);
            Peer peer = context.getBean(Peer.class);
            Discovery discovery = peer.discovery().orElseThrow();
            try (DatagramSocket hostile = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] junk = {1, 2, 3};
                hostile.send(new DatagramPacket(junk, junk.length, discovery.responderAddress()));
                byte[] tooLong = new byte[200];
                hostile.send(new DatagramPacket(tooLong, tooLong.length, discovery.responderAddress()));
            }
            peer.discover();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    registry.get(DISCOVERY_DROPPED.meterName()).tag(REASON.key(), "oversize").functionCounter().count() == 1);
            assertThat(registry.get(DISCOVERY_DROPPED.meterName()).tag(REASON.key(), "malformed").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get(DISCOVERY_PROBES.meterName()).functionCounter().count())
                    .isEqualTo(discovery.stats().probes()).isPositive();
            assertThat(registry.find(DISCOVERY_UNANSWERED.meterName()).functionCounters()).hasSize(4);
            assertThat(registry.find(DISCOVERY_DROPPED.meterName()).functionCounters()).hasSize(5);
        });
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(P2pMetrics.class).doesNotHaveBean(HandlerMeters.class)
                        .hasSingleBean(Peer.class));
    }

    /** Discovery on this machine only, on a free port. */
    static final String[] DISCOVERY_ON_LOOPBACK = {"p2p.discovery.enabled=true", "p2p.discovery.port=0",
            "p2p.discovery.broadcast-address=127.255.255.255", "p2p.discovery.bind-address=127.0.0.1",
            "p2p.discovery.window=300ms", "p2p.discovery.quiet-period=100ms"};

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @OnOffer
        boolean offer(Offer offer) {
            return true;
        }

        @OnData
        void received(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
        }
    }
}
