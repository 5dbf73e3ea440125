package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.test.P2pTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /api/messages?ack=true} with sessions on: 200 once the other peer's handler ran, 504
 * when it did not within {@code p2p.timeout}, 409 (nothing sent) on a connection without a session.
 * The other peer is a real one on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "p2p.sessions.enabled=true", "p2p.timeout=1s"})
@P2pTest
class AckedMessagesTest {

    @Autowired
    Peer chat;

    @LocalServerPort
    int port;

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A peer that connects to the chat, and whose handler waits for {@code release}. */
    private Peer other(boolean sessions, CountDownLatch release, List<Object> got) throws Exception {
        Peer other = Peer.create(PeerConfig.builder().sessions(sessions ? SessionConfig.defaults() : null).build());
        other.onData((c, r) -> {
            release.await();
            got.add(r.value());
        });
        other.start();
        other.connect(chat.name());
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.connection(other.name()).isPresent());
        return other;
    }

    private static String message(Peer to, String text) {
        return "{\"to\": \"" + to.name() + "\", \"data\": {\"from\": \"chat\", \"text\": \"" + text + "\"}}";
    }

    @Test
    void anAcknowledgedMessageIs200() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        try (Peer other = other(true, new CountDownLatch(0), got)) {
            HttpResponse<String> sent = post("/api/messages?ack=true", message(other, "hi"));
            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(got).hasSize(1); // handled before the answer
        }
    }

    @Test
    void aMessageNotHandledWithinTheTimeoutIs504AndStillDelivered() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (Peer other = other(true, release, got)) {
            HttpResponse<String> sent = post("/api/messages?ack=true", message(other, "slow"));
            assertThat(sent.statusCode()).isEqualTo(504);
            assertThat(sent.body()).contains("not acknowledged by " + other.name() + " within 1000 ms");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void ackOnAConnectionWithoutASessionIs409AndSendsNothing() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        try (Peer other = other(false, new CountDownLatch(0), got)) {
            HttpResponse<String> sent = post("/api/messages?ack=true", message(other, "hi"));
            assertThat(sent.statusCode()).isEqualTo(409);
            assertThat(sent.body()).contains("has no session");
            assertThat(post("/api/messages", message(other, "plain")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
            assertThat(got).hasSize(1);
        }
    }
}
