package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.sample.ChatInstance.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two copies of the chat in one JVM (alice and bob) find each other by discovery on loopback
 * and talk through the REST API; a third (guard) only accepts offers from 127.0.0.2.
 */
class TwoPeersChatTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static ChatInstance alice;
    static ChatInstance bob;
    static ChatInstance guard;
    static String aliceName;
    static String bobName;

    @BeforeAll
    static void start() {
        int discoveryPort = ChatInstance.freeUdpPort();
        alice = ChatInstance.start(discoveryPort);
        bob = ChatInstance.start(discoveryPort);
        guard = ChatInstance.start(discoveryPort, "chat.allow=127.0.0.2/32", "p2p.discovery.enabled=false");
        aliceName = alice.name();
        bobName = bob.name();
    }

    @AfterAll
    static void stop() {
        Stream.of(alice, bob, guard).filter(i -> i != null).forEach(ChatInstance::close);
    }

    @Test
    void peerDescribesItself() {
        JsonNode me = alice.get("/api/peer").json();
        assertThat(me.path("name").asString()).startsWith("127.0.0.1:");
        assertThat(me.path("listening").asBoolean()).isTrue();
    }

    @Test
    void theTwoDiscoverEachOther() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(peerNames(alice.get("/api/peers"))).contains(bobName).doesNotContain(aliceName);
            assertThat(peerNames(bob.get("/api/peers"))).contains(aliceName);
        });
        JsonNode seen = alice.get("/api/peers").json().get(0);
        assertThat(Instant.parse(seen.path("lastSeen").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void discoverNowReturnsThePeersFound() {
        Response found = alice.post("/api/discover", "");
        assertThat(found.status()).isEqualTo(200);
        assertThat(peerNames(found)).contains(bobName).doesNotContain(aliceName);
    }

    @Test
    void jsonChatBothWays() {
        Response created = alice.post("/api/connections", Map.of("address", bobName));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("peer").asString()).isEqualTo(bobName);
        assertThat(created.json().path("dataType").asString()).isEqualTo("json");
        assertThat(created.json().path("strict").asBoolean()).isTrue();
        assertThat(created.json().path("stream").asBoolean()).isFalse();
        await().atMost(PATIENCE).until(() -> connectionPeers(bob).contains(aliceName));
        assertThat(connectionPeers(alice)).contains(bobName);

        String hello = "hello " + UUID.randomUUID();
        Response sent = alice.post("/api/messages", Map.of("to", bobName, "data", Map.of("from", "alice", "text", hello)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode received = awaitMessage(bob, m -> hello.equals(str(m.path("data").path("text"))));
        assertThat(received.path("from").asString()).isEqualTo(aliceName);
        assertThat(received.path("dataType").asString()).isEqualTo("json");
        assertThat(received.path("data").path("from").asString()).isEqualTo("alice");
        assertThat(Instant.parse(received.path("receivedAt").asString())).isNotNull();
        assertThat(received.has("id")).isFalse();

        String reply = "a plain string " + UUID.randomUUID();
        assertThat(bob.post("/api/messages", Map.of("to", aliceName, "data", reply)).status()).isEqualTo(202);
        JsonNode back = awaitMessage(alice, m -> reply.equals(str(m.path("data"))));
        assertThat(back.path("from").asString()).isEqualTo(bobName);
    }

    @Test
    void bytesShowAsTextWhenUtf8AndAsBase64Otherwise() {
        Response created = alice.post("/api/connections", Map.of("address", bobName, "dataType", "bytes"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("dataType").asString()).isEqualTo("bytes");

        String text = "héllo bytes " + UUID.randomUUID();
        assertThat(alice.post("/api/messages", Map.of("to", bobName, "data", text)).status()).isEqualTo(202);
        JsonNode utf8 = awaitMessage(bob, m -> text.equals(str(m.path("data"))));
        assertThat(utf8.path("dataType").asString()).isEqualTo("bytes");

        // 0xff 0xfe 0x00 + a random tail: never valid UTF-8
        String base64 = Base64.getEncoder().encodeToString(
                ("\u0000" + UUID.randomUUID()).getBytes(StandardCharsets.ISO_8859_1));
        byte[] invalid = Base64.getDecoder().decode(base64);
        byte[] withBadLead = new byte[invalid.length + 2];
        withBadLead[0] = (byte) 0xff;
        withBadLead[1] = (byte) 0xfe;
        System.arraycopy(invalid, 0, withBadLead, 2, invalid.length);
        String expected = Base64.getEncoder().encodeToString(withBadLead);
        Response sent = alice.post("/api/messages", Map.of("to", bobName, "data", Map.of("base64", expected)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode binary = awaitMessage(bob, m -> expected.equals(str(m.path("data").path("base64"))));
        assertThat(binary.path("dataType").asString()).isEqualTo("bytes");

        Response notBytes = alice.post("/api/messages", Map.of("to", bobName, "data", 42));
        assertProblem(notBytes, 400, "bytes connection sends a string");
    }

    @Test
    void rawCarriesPlainValues() {
        Response created = alice.post("/api/connections", Map.of("address", bobName, "dataType", "raw", "strict", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("dataType").asString()).isEqualTo("raw");
        assertThat(created.json().path("strict").asBoolean()).isFalse();

        String id = UUID.randomUUID().toString();
        Response sent = alice.post("/api/messages",
                "{\"to\": \"" + bobName + "\", \"data\": {\"id\": \"" + id + "\", \"n\": 7, \"items\": [1, \"two\", null, 2.5], \"ok\": true}}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode received = awaitMessage(bob, m -> id.equals(str(m.path("data").path("id"))));
        assertThat(received.path("dataType").asString()).isEqualTo("raw");
        assertThat(received.path("data").path("n").asInt()).isEqualTo(7);
        assertThat(received.path("data").path("items").toString()).isEqualTo("[1,\"two\",null,2.5]");
        assertThat(received.path("data").path("ok").asBoolean()).isTrue();
    }

    @Test
    void closingAConnection() {
        assertThat(alice.post("/api/connections", Map.of("address", bobName)).status()).isEqualTo(201);
        await().atMost(PATIENCE).until(() -> connectionPeers(bob).contains(aliceName));

        Response closed = alice.delete("/api/connections/" + bobName);
        assertThat(closed.status()).as(closed.toString()).isEqualTo(204);
        assertThat(connectionPeers(alice)).doesNotContain(bobName);
        await().atMost(PATIENCE).until(() -> !connectionPeers(bob).contains(aliceName));

        assertProblem(alice.delete("/api/connections/" + bobName), 404, "no connection to " + bobName);
    }

    @Test
    void theStreamDeliversMessagesLive() throws Exception {
        assertThat(alice.post("/api/connections", Map.of("address", bobName)).status()).isEqualTo(201);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = ChatInstance.http().sendAsync(
                HttpRequest.newBuilder(bob.uri("/api/messages/stream")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS); // headers: the stream is registered
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
        try {
            String text = "live " + UUID.randomUUID();
            assertThat(alice.post("/api/messages", Map.of("to", bobName, "data", Map.of("from", "alice", "text", text)))
                    .status()).isEqualTo(202);
            String data = null;
            while (data == null || !data.contains(text)) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("a server-sent event within 30 s").isNotNull();
                data = line.startsWith("data:") ? line : null;
            }
            JsonNode event = ChatInstance.JSON.readTree(data.substring("data:".length()));
            assertThat(event.path("from").asString()).isEqualTo(aliceName);
            assertThat(event.path("dataType").asString()).isEqualTo("json");
            assertThat(event.path("data").path("text").asString()).isEqualTo(text);
        } finally {
            stream.body().close();
            reading.cancel(true);
        }
    }

    @Test
    void deniedByTheOtherSidesAllowList() {
        String guardName = guard.name();
        assertProblem(alice.post("/api/connections", Map.of("address", guardName)), 403, "denied");
        assertThat(connectionPeers(alice)).doesNotContain(guardName);
    }

    @Test
    void unreachableIsBadGateway() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        assertProblem(alice.post("/api/connections", Map.of("address", "127.0.0.1:" + closedPort)), 502, "127.0.0.1:" + closedPort);
    }

    @Test
    void silentListenerIsGatewayTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // the kernel completes the TCP handshake; nobody ever answers the HELLO
            assertProblem(alice.post("/api/connections", Map.of("address", "127.0.0.1:" + silent.getLocalPort())), 504, "");
        }
    }

    @Test
    void malformedRequestsAreBadRequests() {
        assertProblem(alice.post("/api/connections", "{\"address\": "), 400, "malformed request body");
        assertProblem(alice.post("/api/connections", "{}"), 400, "address is required");
        assertProblem(alice.post("/api/connections", Map.of("address", "nonsense")), 400, "nonsense");
        assertProblem(alice.post("/api/connections", Map.of("address", "127.0.0.1:70000")), 400, "127.0.0.1:70000");
        assertProblem(alice.post("/api/connections", Map.of("address", "local_host:8080")), 400, "'local_host:8080'");
        assertProblem(alice.post("/api/connections", Map.of("address", "127.0.0.1:+80")), 400, "the port must be");
        assertProblem(alice.post("/api/connections", Map.of("address", "127.0.0.1:080")), 400, "no sign, space or leading zero");
        assertProblem(alice.post("/api/connections", Map.of("address", aliceName)), 400, "itself");
        assertProblem(alice.post("/api/connections", Map.of("address", bobName, "dataType", "xml")), 400, "xml");
        assertProblem(alice.post("/api/messages", "[1, 2]"), 400, "malformed request body");
        assertProblem(alice.post("/api/messages", Map.of("data", "hi")), 400, "to is required");
        assertProblem(alice.post("/api/messages", "{\"to\": \"" + bobName + "\"}"), 400, "data is required");
    }

    @Test
    void aHugeAddressIsNotEchoedBack() {
        String huge = "9".repeat(10 * 1024 * 1024);
        for (Response r : new Response[] {alice.post("/api/connections", Map.of("address", huge)),
            alice.post("/api/messages", Map.of("to", huge, "data", "hi")),
            alice.post("/api/connections", Map.of("address", bobName, "dataType", huge))}) {
            assertProblem(r, 400, "9".repeat(100) + "...(" + huge.length() + " chars)");
            assertThat(r.body()).hasSizeLessThan(1000);
        }
    }

    @Test
    void theHostNameLocalhostConnects() {
        String port = bobName.substring(bobName.lastIndexOf(':') + 1);
        Response created = alice.post("/api/connections", Map.of("address", "localhost:" + port));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("peer").asString()).isEqualTo(bobName);
    }

    @Test
    void sendingWithoutAConnectionIsNotFound() {
        assertProblem(alice.post("/api/messages", Map.of("to", "127.0.0.1:1", "data", "hi")), 404, "no connection to 127.0.0.1:1");
        assertProblem(alice.delete("/api/connections/127.0.0.1:1"), 404, "no connection to 127.0.0.1:1");
        assertProblem(alice.post("/api/messages", Map.of("to", "127.0.0.1", "data", "hi")), 400, "no port");
        assertProblem(alice.delete("/api/connections/nonsense"), 400, "'nonsense'");
    }

    @Test
    void pageNamesThePeer() {
        Response page = alice.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<span id=\"peer-name\">" + aliceName + "</span>").contains("chat.js");
        Response script = alice.get("/chat.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("EventSource('/api/messages/stream");
    }

    @Test
    void healthShowsThePeerUp() {
        JsonNode health = alice.get("/actuator/health").json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode p2p = health.path("components").path("p2p");
        assertThat(p2p.path("status").asString()).isEqualTo("UP");
        assertThat(p2p.path("details").path("name").asString()).isEqualTo(aliceName);
    }

    private static void assertProblem(Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).as(response.toString()).isNotBlank().contains(detailContains);
    }

    private static String str(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static List<String> peerNames(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).map(p -> p.path("name").asString()).toList();
    }

    private static List<String> connectionPeers(ChatInstance instance) {
        return StreamSupport.stream(instance.get("/api/connections").json().spliterator(), false)
                .map(c -> c.path("peer").asString()).toList();
    }

    private static JsonNode awaitMessage(ChatInstance instance, Predicate<JsonNode> matching) {
        return await().atMost(PATIENCE).until(() -> StreamSupport.stream(instance.get("/api/messages").json().spliterator(), false)
                .filter(matching).findFirst().orElse(null), m -> m != null);
    }
}
