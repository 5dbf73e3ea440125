package io.p2pboot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.BYTES;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.CONNECTIONS_ACTIVE;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.HANDSHAKE;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.MESSAGES;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.OFFERS_DENIED;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.PROTOCOL_ERRORS;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.DIRECTION;
import static io.p2pboot.autoconfigure.metrics.P2pMeter.Tag.TYPE;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(P2pMetrics.class).bindTo(registry);
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
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(P2pMetrics.class).hasSingleBean(Peer.class));
    }
}
