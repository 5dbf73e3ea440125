package io.p2pboot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.peer.Peer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code p2p} health component over HTTP, in a whole Spring Boot web application. */
class P2pHealthEndpointTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryPortZeroTakesAFreePortThatTheHealthDetailsShow() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "server.address=127.0.0.1", "p2p.discovery.enabled=true",
                        "p2p.discovery.port=0", "p2p.discovery.broadcast-address=127.255.255.255",
                        "management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            int discoveryPort = context.getBean(Peer.class).discovery().orElseThrow().port();
            assertThat(discoveryPort).isPositive().isNotEqualTo(1024);
            assertThat(get(port, "/actuator/health/p2p").body()).contains("\"discoveryPort\":" + discoveryPort);
        }
    }

    @Test
    void actuatorHealthShowsThePeerUpThenDownAfterStop() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "server.address=127.0.0.1", "p2p.discovery.enabled=false",
                        "management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Peer peer = context.getBean(Peer.class);
            HttpResponse<String> health = get(port, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"p2p\"").contains("\"name\":\"" + peer.name() + "\"");
            HttpResponse<String> p2p = get(port, "/actuator/health/p2p");
            assertThat(p2p.statusCode()).isEqualTo(200);
            assertThat(p2p.body()).contains("\"status\":\"UP\"");
            peer.stop();
            HttpResponse<String> down = get(port, "/actuator/health/p2p");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"");
        }
    }
}
