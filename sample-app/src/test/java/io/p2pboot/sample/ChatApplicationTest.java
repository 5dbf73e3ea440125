package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import io.p2pboot.peer.Peer;

/** One copy, started the usual @SpringBootTest way, on the application's own configuration. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ChatApplicationTest {

    @DynamicPropertySource
    static void discoveryOnItsOwnPort(DynamicPropertyRegistry registry) {
        registry.add("p2p.discovery.port", ChatInstance::freeUdpPort);
    }

    @LocalServerPort
    int port;

    @Autowired
    Peer peer;

    @Test
    void defaultsStayOnThisMachine() {
        assertThat(peer.name()).startsWith("127.0.0.1:");
        assertThat(peer.discovery()).isPresent();
        assertThat(peer.discovery().get().responderAddresses()).as("PINGs from the LAN are not heard")
                .singleElement().satisfies(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.255.255.255"));
        assertThat(peer.discovery().get().config().maxPeers()).isEqualTo(256);
    }

    @Test
    void healthShowsP2pUp() {
        String body = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health/p2p")
                .retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"").contains(peer.name());
    }
}
