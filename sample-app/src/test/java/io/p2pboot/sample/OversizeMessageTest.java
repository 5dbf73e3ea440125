package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.sample.ChatInstance.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A message larger than {@code p2p.max-message-size} is refused with 413 before it is sent, not accepted and lost. */
class OversizeMessageTest {

    @Test
    void aMessageLargerThanMaxMessageSizeIsContentTooLarge() throws Exception {
        try (ChatInstance chat = ChatInstance.start(ChatInstance.freeUdpPort(), "p2p.discovery.enabled=false",
                "p2p.max-message-size=1KB");
             Peer receiver = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).build()).start()) {
            Response connected = chat.post("/api/connections", Map.of("address", receiver.name()));
            assertThat(connected.status()).as(connected.toString()).isEqualTo(201);

            Response small = chat.post("/api/messages", Map.of("to", receiver.name(), "data", "x".repeat(900)));
            assertThat(small.status()).as(small.toString()).isEqualTo(202);

            Response large = chat.post("/api/messages", Map.of("to", receiver.name(), "data", "x".repeat(2000)));
            assertThat(large.status()).as(large.toString()).isEqualTo(413);
            assertThat(large.contentType()).startsWith("application/problem+json");
            JsonNode problem = large.json();
            assertThat(problem.path("status").asInt()).isEqualTo(413);
            assertThat(problem.path("detail").asString()).contains("1024").contains("p2p.max-message-size");
        }
    }
}
