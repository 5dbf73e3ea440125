package io.p2pboot.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** {@code p2p.seeds} with broadcast off, in a whole web application: events and health carry the {@code seed} tag. */
class P2pSeedsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Events events() {
            return new Events();
        }
    }

    static class Events {
        final List<P2pEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PeerDiscoveredEvent e) {
            seen.add(e);
        }

        @EventListener
        void on(PeerLostEvent e) {
            seen.add(e);
        }
    }

    private static String health(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aSeedIsPublishedAndShownInHealthWithItsTagThenLost() throws Exception {
        ServerSocket seed = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        String name = "127.0.0.1:" + seed.getLocalPort();
        try (seed; ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "server.address=127.0.0.1", "p2p.address=127.0.0.1",
                        "p2p.discovery.enabled=false", "p2p.discovery.interval=100ms", "p2p.discovery.lost-after=2",
                        "p2p.seeds=localhost:" + seed.getLocalPort(),
                        "management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Events events = context.getBean(Events.class);
            Peer peer = context.getBean(Peer.class);

            await().atMost(WAIT).until(() -> !events.seen.isEmpty());
            PeerDiscoveredEvent found = (PeerDiscoveredEvent) events.seen.get(0);
            assertThat(found.getDiscovered().name()).isEqualTo(name);
            assertThat(found.getDiscovered().source()).isEqualTo("seed");
            assertThat(found.getPeer()).isSameAs(peer);
            assertThat(peer.discoveredPeers()).extracting(p -> p.name()).containsExactly(name);
            assertThat(health(port)).contains("\"discoveredPeers\":[{")
                    .containsPattern("\\{(\"name\":\"" + name + "\",\"source\":\"seed\""
                            + "|\"source\":\"seed\",\"name\":\"" + name + "\")\\}")
                    .doesNotContain("discoveryPort");

            seed.close();
            await().atMost(WAIT).until(() -> events.seen.size() == 2);
            assertThat(((PeerLostEvent) events.seen.get(1)).getLost().name()).isEqualTo(name);
        }
    }
}
