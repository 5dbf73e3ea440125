package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.sample.ChatInstance.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two copies of the chat listening on IPv6 loopback ({@code p2p.address=::1}), driven as the user
 * of issue 22 drove them: each names itself {@code [::1]:port}, and a name typed in any spelling
 * connects, sends and closes the one connection it names.
 */
class ChatOverIpv6Test {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static ChatInstance alice;
    static ChatInstance bob;

    @BeforeAll
    static void start() {
        assumeThat(ipv6Loopback()).as("IPv6 loopback").isTrue();
        int discoveryPort = ChatInstance.freeUdpPort();
        alice = ChatInstance.start(discoveryPort, "p2p.address=::1", "p2p.discovery.enabled=false");
        bob = ChatInstance.start(discoveryPort, "p2p.address=0:0:0:0:0:0:0:1", "p2p.discovery.enabled=false");
    }

    @AfterAll
    static void stop() {
        Stream.of(alice, bob).filter(i -> i != null).forEach(ChatInstance::close);
    }

    @Test
    void eachPeerNamesItselfAsRfc5952WritesIt() {
        assertThat(alice.name()).matches("\\[::1]:[1-9][0-9]*");
        assertThat(bob.name()).matches("\\[::1]:[1-9][0-9]*");
        JsonNode health = bob.get("/actuator/health").json().path("components").path("p2p").path("details");
        assertThat(health.path("name").asString()).isEqualTo(bob.name());
    }

    @Test
    void aNameTypedInAnySpellingConnectsSendsAndCloses() {
        String port = port(bob.name());
        Response created = alice.post("/api/connections", Map.of("address", "[0:0:0:0:0:0:0:1]:" + port));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("peer").asString()).isEqualTo(bob.name());
        assertThat(connectionPeers(alice)).contains("[::1]:" + port);
        await().atMost(PATIENCE).until(() -> connectionPeers(bob).contains(alice.name()));

        for (String to : List.of("[::1]:" + port, "[0:0:0:0:0:0:0:1]:" + port, "[0::1]:" + port)) {
            String text = "over ::1 " + UUID.randomUUID();
            Response sent = alice.post("/api/messages", Map.of("to", to, "data", Map.of("from", "alice", "text", text)));
            assertThat(sent.status()).as(to + ": " + sent).isEqualTo(202);
            assertThat(sent.json().path("to").asString()).isEqualTo(bob.name());
            JsonNode received = awaitMessage(bob, text);
            assertThat(received.path("from").asString()).isEqualTo(alice.name());
        }

        Response closed = alice.delete("/api/connections/%5B0:0:0:0:0:0:0:1%5D:" + port);
        assertThat(closed.status()).as(closed.toString()).isEqualTo(204);
        assertThat(connectionPeers(alice)).doesNotContain(bob.name());
    }

    @Test
    void anIpv6AddressWithoutBracketsIsABadRequestShowingTheBracketedSpelling() {
        String port = port(bob.name());
        Response refused = alice.post("/api/connections", Map.of("address", "::1:" + port));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("detail").asString())
                .isEqualTo("bad address '::1:" + port + "': an IPv6 address goes in brackets before its port, as in [::1]:"
                        + port);
        Response send = alice.post("/api/messages", Map.of("to", "::1:" + port, "data", "hi"));
        assertThat(send.status()).as(send.toString()).isEqualTo(400);
    }

    private static String port(String name) {
        return name.substring(name.lastIndexOf(':') + 1);
    }

    private static List<String> connectionPeers(ChatInstance instance) {
        return StreamSupport.stream(instance.get("/api/connections").json().spliterator(), false)
                .map(c -> c.path("peer").asString()).toList();
    }

    private static JsonNode awaitMessage(ChatInstance instance, String text) {
        return await().atMost(PATIENCE).until(() -> StreamSupport.stream(instance.get("/api/messages").json().spliterator(),
                false).filter(m -> text.equals(m.path("data").path("text").asString(null))).findFirst().orElse(null),
                m -> m != null);
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
