package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import io.p2pboot.sample.ChatInstance.Response;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Values a hostile peer can send, from a real peer on loopback to a running chat: none of them
 * makes the message log answer 500, costs CPU on every read, or grows it beyond its byte bound.
 */
class HostileMessagesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int HISTORY_BYTES = 64 * 1024;

    static ChatInstance chat;
    static String chatName;
    static Peer sender;

    @BeforeAll
    static void start() throws Exception {
        chat = ChatInstance.start(ChatInstance.freeUdpPort(), "p2p.discovery.enabled=false",
                "chat.history-bytes=" + HISTORY_BYTES + "B");
        chatName = chat.name();
        sender = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).build()).start();
    }

    @AfterAll
    static void stop() {
        if (sender != null) {
            sender.stop();
        }
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void aValueNestedTooDeepForTheResponseIsShownAsAPlaceholder() throws Exception {
        Connection json = sender.connect(chatName, ConnectOptions.of(DataType.JSON));
        String marker = UUID.randomUUID().toString();
        // 498 levels of lists: with the list of messages and the message object, 500, what a reader allows
        json.send(List.of(marker, nested(497))).join();
        json.send(nested(499)).join(); // with {"data": ...} on the wire, 500 levels: the most a peer accepts

        JsonNode deep = awaitMessage(m -> m.path("data").path("unrenderable").asString().startsWith("nested"));
        assertThat(deep.path("from").asString()).isEqualTo(sender.name());
        assertThat(deep.path("data").path("unrenderable").asString()).isEqualTo("nested deeper than 498 levels");
        assertThat(deep.path("data").path("bytes").asInt()).isGreaterThan(2 * 499);
        JsonNode deepest = StreamSupport.stream(messages().spliterator(), false)
                .filter(m -> marker.equals(m.path("data").path(0).asString())).findFirst().orElseThrow();
        assertThat(depth(deepest.path("data"))).isEqualTo(498);

        List<String> events = historyEvents("{\"unrenderable\":\"nested deeper than 498 levels\"");
        assertThat(events.get(events.size() - 1)).contains("\"from\":\"" + sender.name() + "\"");
    }

    @Test
    void aHugeIntegerIsRenderedOnceNotOnEveryRead() throws Exception {
        Connection raw = sender.connect(chatName, ConnectOptions.of(DataType.RAW));
        BigInteger huge = BigInteger.ONE.shiftLeft(8 * 1024 * 1024).subtract(BigInteger.ONE); // 1 MiB: 2.5 M digits
        BigInteger longest = BigInteger.TEN.pow(1000).subtract(BigInteger.ONE); // 1,000 digits: what a reader allows
        BigInteger tooLong = BigInteger.TEN.pow(1000); // 1,001 digits
        String marker = UUID.randomUUID().toString();
        raw.send(huge).join();
        raw.send(tooLong).join();
        raw.send(List.of(marker, longest)).join();

        await().atMost(PATIENCE).until(() -> chat.get("/api/messages").body().contains(marker));

        // Rendering 2.5 M digits takes seconds of CPU; reading a rendered log takes a copy of its text.
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        for (int i = 0; i < 3; i++) {
            assertThat(chat.get("/api/messages").status()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(os.getProcessCpuTime() - before)).isLessThan(Duration.ofSeconds(2));

        JsonNode log = messages();
        assertThat(log).anyMatch(m -> m.path("data").path(1).isIntegralNumber()
                && m.path("data").path(1).bigIntegerValue().equals(longest));
        assertThat(log).anySatisfy(m -> {
            assertThat(m.path("data").path("unrenderable").asString()).isEqualTo("a number of 8388608 bits has more than 1000 digits");
            assertThat(m.path("data").path("bytes").asInt()).isGreaterThan(1024 * 1024);
        });
        assertThat(log).anySatisfy(m -> assertThat(m.path("data").path("unrenderable").asString())
                .isEqualTo("a number of 3322 bits has more than 1000 digits"));
    }

    @Test
    void theLogKeepsAtMostHistoryBytesOfJsonDroppingTheOldest() throws Exception {
        Connection json = sender.connect(chatName, ConnectOptions.of(DataType.JSON));
        String marker = UUID.randomUUID().toString();
        String text = "x".repeat(16 * 1024);
        for (int i = 0; i < 8; i++) {
            json.send(List.of(marker, i, text)).join();
        }
        json.send(List.of(marker, "y".repeat(HISTORY_BYTES + 1))).join();

        JsonNode largest = awaitMessage(m -> m.path("data").path("unrenderable").asString().contains("chat.history-bytes")
                && m.path("data").path("bytes").asInt() > HISTORY_BYTES);
        assertThat(largest.path("data").path("unrenderable").asString())
                .isEqualTo("its JSON would take more than chat.history-bytes (" + HISTORY_BYTES + " bytes)");
        Response log = chat.get("/api/messages");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body().length()).isLessThanOrEqualTo(HISTORY_BYTES);
        List<Integer> kept = new ArrayList<>();
        for (JsonNode m : log.json()) {
            if (marker.equals(m.path("data").path(0).asString())) {
                kept.add(m.path("data").path(1).asInt());
            }
        }
        assertThat(kept).as("the newest that fit in %d bytes with the placeholder", HISTORY_BYTES).containsExactly(5, 6, 7);
    }

    /** A list nested {@code levels} deep: {@code [[...[]...]]}. */
    private static Object nested(int levels) {
        Object value = List.of();
        for (int i = 1; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static int depth(JsonNode node) {
        int depth = 0;
        for (JsonNode n = node; n.isArray(); n = n.path(n.size() - 1)) {
            depth++;
        }
        return depth;
    }

    private static JsonNode messages() {
        Response response = chat.get("/api/messages");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode awaitMessage(Predicate<JsonNode> matching) {
        return await().atMost(PATIENCE).until(() -> StreamSupport.stream(messages().spliterator(), false)
                .filter(matching).findFirst().orElse(null), m -> m != null);
    }

    /** The {@code data:} lines of the stream's history, read until one contains {@code until}. */
    private static List<String> historyEvents(String until) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = ChatInstance.http().sendAsync(
                HttpRequest.newBuilder(chat.uri("/api/messages/stream?history=true")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
        try {
            List<String> events = new ArrayList<>();
            while (events.isEmpty() || !events.get(events.size() - 1).contains(until)) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("a server-sent event within 30 s; had %d", events.size()).isNotNull();
                if (line.startsWith("data:")) {
                    events.add(line);
                }
            }
            return events;
        } finally {
            stream.body().close();
            reading.cancel(true);
        }
    }
}
