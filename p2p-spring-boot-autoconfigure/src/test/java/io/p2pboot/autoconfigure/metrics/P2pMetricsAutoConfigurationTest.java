package io.p2pboot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
                        registry.get("p2p.messages").tag("direction", "in").tag("type", "json").functionCounter().count() == 1);
                assertThat(registry.get("p2p.bytes").tag("direction", "in").tag("type", "json").functionCounter().count())
                        .isEqualTo("{\"data\": \"hello\"}".length());
                assertThat(registry.get("p2p.connections.active").gauge().value()).isEqualTo(1);
                assertThat(registry.get("p2p.handshake").functionTimer().count()).isEqualTo(1);
                assertThat(registry.get("p2p.messages").tag("direction", "out").tag("type", "json").functionCounter().count())
                        .isZero();
                assertThat(registry.get("p2p.offers.denied").functionCounter().count()).isZero();
                assertThat(registry.get("p2p.protocol.errors").functionCounter().count()).isZero();
            }
            // No meter carries a peer's address: series do not grow with peers.
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                    .allSatisfy(t -> assertThat(t.getKey()).isIn("direction", "type")));
        });
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(P2pMetrics.class).hasSingleBean(Peer.class));
    }
}
