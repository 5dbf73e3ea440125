package io.p2pboot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.metrics.P2pMeter;
import io.p2pboot.autoconfigure.metrics.P2pMetricsAutoConfiguration;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Under Boot's own observation and metrics auto-configuration, as an application with Actuator has
 * it: the peer's observations are made (their order against Boot's is right), each also a timer,
 * next to the handler meters, and no meter is tagged with a peer.
 */
class P2pObservabilityWithBootTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    P2pAutoConfiguration.class, P2pMetricsAutoConfiguration.class, P2pObservationAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false")
            .withUserConfiguration(Handlers.class);

    @Test
    void observationsBecomeTimersBesideTheHandlerMeters() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(HandlerObservationInterceptor.class).hasSingleBean(PeerObservations.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Peer peer = context.getBean(Peer.class);
            try (Peer other = loopbackPeer(); Peer third = loopbackPeer()) {
                other.connect(peer.name()).send("hello");
                peer.connect(third.name());
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        registry.find("p2p.handler").tag("p2p.event", "data").timer() != null
                                && registry.find(P2pMeter.HANDLER_DURATION.meterName()).timer() != null);
            }
            assertThat(registry.get("p2p.handler").tag("p2p.event", "data").tag("p2p.data.type", "json")
                    .tag("p2p.handler", "Handlers.received").tag("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(registry.get("p2p.connect").tag("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(registry.get("p2p.offer").tag("outcome", "accepted").timer().count()).isEqualTo(1);
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).extracting(Tag::getKey)
                    .doesNotContain("p2p.peer"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        @OnData
        void received(String text) {
        }
    }

    static Peer loopbackPeer() throws Exception {
        return Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start();
    }
}
