package io.p2pboot.autoconfigure.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.event.MeshGaveUpEvent;
import io.p2pboot.autoconfigure.event.MeshReconnectedEvent;
import io.p2pboot.autoconfigure.event.P2pEvent;
import io.p2pboot.autoconfigure.health.P2pHealthContributorAutoConfiguration;
import io.p2pboot.autoconfigure.health.P2pHealthIndicator;
import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshFilter;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** {@code p2p.mesh.*}: the mesh bean from properties, and a real restart seen in health, meters and events. */
class P2pMeshAutoConfigurationTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pMeshAutoConfiguration.class,
                    P2pHealthContributorAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Configuration(proxyBeanMethods = false)
    static class Events {
        final List<P2pEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(P2pEvent event) {
            seen.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlyEvenPorts {
        @Bean
        MeshFilter evenPorts() {
            return found -> found.address().getPort() % 2 == 0;
        }
    }

    @Test
    void noMeshUnlessEnabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Mesh.class).hasSingleBean(Peer.class));
        runner.withPropertyValues("p2p.mesh.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Mesh.class));
    }

    @Test
    void theMeshTakesItsSettingsFromPropertiesAndItsFilterFromABean() {
        runner.withUserConfiguration(OnlyEvenPorts.class)
                .withPropertyValues("p2p.mesh.enabled=true", "p2p.mesh.max-peers=3", "p2p.mesh.give-up-after=7s",
                        "p2p.mesh.reconnect.initial=100ms", "p2p.mesh.reconnect.max=2s",
                        "p2p.mesh.reconnect.multiplier=1.5")
                .run(context -> {
                    Mesh mesh = context.getBean(Mesh.class);
                    assertThat(mesh.config().maxPeers()).isEqualTo(3);
                    assertThat(mesh.config().giveUpAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(mesh.config().backoff())
                            .isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 1.5));
                    assertThat(mesh.config().filter()).isSameAs(context.getBean(MeshFilter.class));
                });
    }

    @Test
    void aBackoffThatCannotWorkFailsStartupNamingTheProperty() {
        runner.withPropertyValues("p2p.mesh.enabled=true", "p2p.mesh.reconnect.initial=2s", "p2p.mesh.reconnect.max=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("shorter than the first"));
        runner.withPropertyValues("p2p.mesh.enabled=true", "p2p.mesh.reconnect.multiplier=0.5")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("p2p.mesh.reconnect.multiplier must be at least 1, not 0.5"));
    }

    @Test
    void aSeedThatRestartsIsDialledAgainAndHealthMetersAndEventsSaySo() throws Exception {
        Peer bob = Peer.create(PeerConfig.builder().build()).start();
        int port = bob.address().getPort();
        try {
            runner.withUserConfiguration(Events.class)
                    .withPropertyValues("p2p.mesh.enabled=true", "p2p.seeds=127.0.0.1:" + port,
                            "p2p.discovery.interval=100ms", "p2p.mesh.reconnect.initial=50ms",
                            "p2p.mesh.reconnect.max=400ms", "p2p.mesh.give-up-after=1m")
                    .run(context -> {
                        Peer alice = context.getBean(Peer.class);
                        Mesh mesh = context.getBean(Mesh.class);
                        SimpleMeterRegistry registry = new SimpleMeterRegistry();
                        context.getBean(MeshMetrics.class).bindTo(registry);
                        P2pHealthIndicator health = context.getBean(P2pHealthIndicator.class);

                        await().atMost(WAIT).until(() -> open(alice, bob.name()));
                        await().atMost(WAIT).until(() -> meshDetails(health).get("connected").equals(1));
                        assertThat(registry.get("p2p.mesh.connected").gauge().value()).isEqualTo(1.0);
                        assertThat(registry.get("p2p.mesh.wanted").gauge().value()).isEqualTo(1.0);

                        bob.stop();
                        await().atMost(WAIT).until(() -> !((List<?>) meshDetails(health).get("retrying")).isEmpty());
                        Map<?, ?> retrying = (Map<?, ?>) ((List<?>) meshDetails(health).get("retrying")).get(0);
                        assertThat(retrying.get("name")).isEqualTo(bob.name());
                        assertThat((String) retrying.get("lastFailure")).isNotEmpty();

                        Peer bobAgain = Peer.create(PeerConfig.builder().port(port).build()).start();
                        try {
                            await().atMost(WAIT).until(() -> open(alice, bobAgain.name()));
                            await().atMost(WAIT).until(() -> registry.get("p2p.mesh.reconnects").functionCounter().count() == 1.0);
                            Events events = context.getBean(Events.class);
                            await().atMost(WAIT).until(() -> events.seen.stream().anyMatch(MeshReconnectedEvent.class::isInstance));
                            MeshReconnectedEvent back = (MeshReconnectedEvent) events.seen.stream()
                                    .filter(MeshReconnectedEvent.class::isInstance).findFirst().orElseThrow();
                            assertThat(back.getPeerName()).isEqualTo(bob.name());
                            assertThat(back.getPeer()).isSameAs(alice);
                            assertThat(back.getAttempts()).isPositive();
                            assertThat(events.seen).noneMatch(MeshGaveUpEvent.class::isInstance);
                            assertThat(mesh.state().reconnects()).isEqualTo(1);
                        } finally {
                            bobAgain.stop();
                        }
                    });
        } finally {
            bob.stop();
        }
    }

    @Test
    void aPeerThatDeniesIsGivenUpWithAnEvent() throws Exception {
        Peer bob = Peer.create(PeerConfig.builder().build()).onOffer((p, offer) -> false).start();
        try {
            runner.withUserConfiguration(Events.class)
                    .withPropertyValues("p2p.mesh.enabled=true", "p2p.seeds=" + bob.name(), "p2p.discovery.interval=100ms")
                    .run(context -> {
                        Events events = context.getBean(Events.class);
                        await().atMost(WAIT).until(() -> events.seen.stream().anyMatch(MeshGaveUpEvent.class::isInstance));
                        MeshGaveUpEvent gaveUp = (MeshGaveUpEvent) events.seen.stream()
                                .filter(MeshGaveUpEvent.class::isInstance).findFirst().orElseThrow();
                        assertThat(gaveUp.getPeerName()).isEqualTo(bob.name());
                        assertThat(gaveUp.getReason()).isEqualTo("it denied the offer");
                        assertThat(gaveUp.getAttempts()).isEqualTo(1);
                        assertThat(meshDetails(context.getBean(P2pHealthIndicator.class)).get("gaveUp")).isEqualTo(1L);
                    });
        } finally {
            bob.stop();
        }
    }

    private static boolean open(Peer peer, String name) {
        return peer.connection(name).map(Connection::isOpen).orElse(false);
    }

    private static Map<?, ?> meshDetails(P2pHealthIndicator indicator) {
        Health health = indicator.health(true);
        return (Map<?, ?>) health.getDetails().get("mesh");
    }
}
