package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import io.p2pboot.sample.chat.ChatMessage;
import io.p2pboot.test.P2pTest;
import io.p2pboot.test.TestPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The chat against a TestPeer: what a peer sends shows in the log, and what the API sends reaches the peer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@P2pTest
class ChatWithTestPeerTest {

    @Autowired
    TestPeer testPeer;

    @Autowired
    Peer chat;

    @LocalServerPort
    int port;

    private HttpResponse<String> http(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theChatsPeerStaysOnLoopbackWithoutDiscoveryDespiteItsApplicationYml() {
        assertThat(chat.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(chat.discovery()).as("application.yml turns discovery on at 1024; @P2pTest turns it off").isEmpty();
    }

    @Test
    void aLineFromAPeerShowsInTheMessageLog() {
        testPeer.send(new ChatMessage("tester", "hello from the test peer"));
        await().atMost(Duration.ofSeconds(10)).until(() -> http("GET", "/api/messages", null).body()
                .contains("hello from the test peer"));
    }

    @Test
    void aLineSentThroughTheApiReachesThePeer() throws Exception {
        String to = testPeer.connect().peer().name(); // the chat lists the connection under the test peer's name
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.connection(to).isPresent());
        HttpResponse<String> sent = http("POST", "/api/messages",
                "{\"to\": \"" + to + "\", \"data\": {\"from\": \"chat\", \"text\": \"hi, test peer\"}}");
        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(testPeer.receive(Map.class)).isEqualTo(Map.of("from", "chat", "text", "hi, test peer"));
    }
}
