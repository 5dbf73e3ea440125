package io.p2pboot.autoconfigure.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.p2pboot.autoconfigure.event.ConnectionOpenedEvent;
import io.p2pboot.autoconfigure.event.PeerDiscoveredEvent;
import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole Spring Boot web applications with Spring Cloud ZooKeeper discovery against a real
 * ZooKeeper server on loopback, broadcast discovery off: they publish their peers in their
 * registrations, find each other tagged {@code registry}, connect, skip instances without a peer,
 * and ride out a registry that is down.
 */
@ExtendWith(OutputCaptureExtension.class)
class P2pZookeeperDiscoveryTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVICE = "chat-peers";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Events events() {
            return new Events();
        }
    }

    static class Events {
        final List<PeerDiscoveredEvent> discovered = new CopyOnWriteArrayList<>();
        final List<ConnectionOpenedEvent> opened = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PeerDiscoveredEvent e) {
            discovered.add(e);
        }

        @EventListener
        void on(ConnectionOpenedEvent e) {
            opened.add(e);
        }
    }

    private final List<ConfigurableApplicationContext> apps = Collections.synchronizedList(new ArrayList<>());
    private TestingServer zookeeper;

    @AfterEach
    void stop() throws Exception {
        for (ConfigurableApplicationContext app : apps) {
            app.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    /** An application of {@link #SERVICE}, its web server and peer on loopback, registering with the test's ZooKeeper. */
    private ConfigurableApplicationContext start(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--server.address=127.0.0.1",
                "--p2p.address=127.0.0.1", "--p2p.discovery.enabled=false",
                "--p2p.discovery.interval=200ms", "--p2p.discovery.lost-after=2",
                "--spring.application.name=" + SERVICE,
                "--spring.cloud.zookeeper.enabled=true",
                "--spring.cloud.zookeeper.connect-string=" + ZookeeperOnLoopback.connectString(zookeeper),
                // a registry that is down is noticed in about a second, not after Curator's minutes of retries
                "--spring.cloud.zookeeper.block-until-connected-wait=1",
                "--spring.cloud.zookeeper.connection-timeout=1s", "--spring.cloud.zookeeper.max-retries=1",
                // registered at 127.0.0.1, and no interface of this machine looked up (no reverse DNS)
                "--spring.cloud.zookeeper.discovery.instance-host=127.0.0.1",
                "--spring.cloud.inetutils.ignored-interfaces=.*",
                "--management.endpoint.health.show-details=always",
                "--management.endpoints.web.exposure.include=health",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(more));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run(args.toArray(new String[0]));
        apps.add(app);
        return app;
    }

    private static Peer peer(ConfigurableApplicationContext app) {
        return app.getBean(Peer.class);
    }

    private static JsonNode p2pHealth(ConfigurableApplicationContext app) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/p2p")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JsonMapper.builder().build().readTree(body);
    }

    private static List<String> registryPeers(ConfigurableApplicationContext app) {
        return peer(app).discoveredPeers().stream().filter(p -> p.sources().contains("registry"))
                .map(DiscoveredPeer::name).toList();
    }

    @Test
    void twoApplicationsPublishTheirPeersFindEachOtherTaggedRegistryAndConnect() throws Exception {
        zookeeper = ZookeeperOnLoopback.server(true);
        ZookeeperOnLoopback.assertListensOnLoopbackOnly(zookeeper);
        ConfigurableApplicationContext a = start();
        ConfigurableApplicationContext b = start();
        String aName = peer(a).name();
        String bName = peer(b).name();

        // each registration carries its peer's port and address: ZooKeeper holds them
        List<ServiceInstance> registered = a.getBean(DiscoveryClient.class).getInstances(SERVICE);
        assertThat(registered).extracting(i -> "127.0.0.1:" + i.getMetadata().get("p2p.port"))
                .containsExactlyInAnyOrder(aName, bName);
        assertThat(registered).allSatisfy(i -> assertThat(i.getMetadata()).containsEntry("p2p.address", "127.0.0.1"));

        Events aEvents = a.getBean(Events.class);
        Events bEvents = b.getBean(Events.class);
        await().atMost(WAIT).until(() -> !aEvents.discovered.isEmpty() && !bEvents.discovered.isEmpty());
        PeerDiscoveredEvent found = aEvents.discovered.get(0);
        assertThat(found.getDiscovered().name()).isEqualTo(bName);
        assertThat(found.getDiscovered().source()).isEqualTo("registry");
        assertThat(bEvents.discovered.get(0).getDiscovered().name()).isEqualTo(aName);
        // neither finds itself
        assertThat(registryPeers(a)).containsExactly(bName);
        assertThat(registryPeers(b)).containsExactly(aName);

        JsonNode health = p2pHealth(a);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/discoveredPeers/0/name").asString()).isEqualTo(bName);
        assertThat(health.at("/details/discoveredPeers/0/source").asString()).isEqualTo("registry");
        assertThat(health.at("/details/registry/status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/registry/serviceId").asString()).isEqualTo(SERVICE);
        assertThat(health.at("/details/registry/skippedInstances").asInt()).isZero();

        try (Connection connection = peer(a).connect(found.getDiscovered().name())) {
            assertThat(connection.isOpen()).isTrue();
            await().atMost(WAIT).until(() -> !bEvents.opened.isEmpty());
            assertThat(bEvents.opened.get(0).getConnection().peerName()).isEqualTo(aName);
        }
    }

    @Test
    void anInstanceWithoutAPeerIsSkippedCountedAndLoggedOnce(CapturedOutput output) throws Exception {
        zookeeper = ZookeeperOnLoopback.server(true);
        ConfigurableApplicationContext a = start();
        // an instance of the same service that runs no peer: registered without p2p.port
        start("--p2p.enabled=false");
        RegistryPeerSource registry = a.getBean(RegistryPeerSource.class);

        await().atMost(WAIT).until(() -> registry.status().isUp() && registry.status().skippedInstances() == 1);
        String logged = "skipped: no p2p.port metadata";
        // several rounds later (200 ms apart) it is still counted and logged once
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3))
                .until(() -> registry.skippedInstancesTotal() == 1 && occurrences(output.getOut(), logged) == 1);
        assertThat(registryPeers(a)).isEmpty();
        assertThat(a.getBean(MeterRegistry.class).get("p2p.registry.instances.skipped").functionCounter().count())
                .isEqualTo(1.0);
        JsonNode health = p2pHealth(a);
        assertThat(health.at("/details/registry/status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/registry/skippedInstances").asInt()).isEqualTo(1);
    }

    @Test
    void aRegistryDownAtStartUpIsReportedAndItsPeersFoundOnceItIsUpAndKeptWhileItIsDownAgain(CapturedOutput output)
            throws Exception {
        zookeeper = ZookeeperOnLoopback.server(false);
        // nothing listens at the registry's address yet: the application starts all the same (it
        // cannot register: Spring Cloud ZooKeeper fails start-up when registering fails, so it only looks)
        ConfigurableApplicationContext a = start("--spring.cloud.zookeeper.discovery.register=false");
        await().atMost(WAIT).until(() -> "DOWN".equals(p2pHealth(a).at("/details/registry/status").asString()));
        JsonNode down = p2pHealth(a);
        assertThat(down.get("status").asString()).as("the peer itself is fine").isEqualTo("UP");
        assertThat(down.at("/details/registry/error").asString()).isNotBlank();

        zookeeper.start();
        ZookeeperOnLoopback.assertListensOnLoopbackOnly(zookeeper);
        ConfigurableApplicationContext b = start();
        String bName = peer(b).name();
        await().atMost(WAIT).until(() -> registryPeers(a).contains(bName));
        assertThat(p2pHealth(a).at("/details/registry/status").asString()).isEqualTo("UP");

        // down again: b is neither found nor aged, however many rounds (lost-after is 2 rounds of 200 ms)
        zookeeper.stop();
        await().atMost(WAIT).until(() -> "DOWN".equals(a.getBean(RegistryPeerSource.class).status().state()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> registryPeers(a).contains(bName));
        assertThat(p2pHealth(a).at("/details/registry/status").asString()).isEqualTo("DOWN");

        zookeeper.restart();
        await().atMost(WAIT).until(() -> a.getBean(RegistryPeerSource.class).status().isUp());
        assertThat(registryPeers(a)).containsExactly(bName);
        // dozens of failed rounds, each reason told once (not once a round), and the recovery told
        assertThat(occurrences(output.getOut(), "discovery rounds skip source registry")).isBetween(1, 4);
        assertThat(output.getOut()).contains("discovery source registry answers again");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
