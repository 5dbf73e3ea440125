package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import io.p2pboot.protocol.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receiving process killed ({@code destroyForcibly}, as {@code kill -9}) in the middle of a
 * stream of numbered messages and started again on the same port: every message is handled at
 * least once, the ones handled again are marked as possible duplicates, and every send's future
 * completes.
 */
class SessionReceiverRestartTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final int MESSAGES = 600;

    final List<Process> processes = new ArrayList<>();
    @TempDir
    Path dir;
    Peer sender;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (sender != null) {
            sender.stop();
        }
    }

    /**
     * A receiver JVM writing its lines to {@code out}: a file keeps what the process wrote before
     * it was killed, where a pipe's reader could lose the last lines as the process ended.
     */
    Process receiver(int port, Path out) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SessionReceiverMain.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p);
        await().atMost(WAIT).until(() -> lines(out).stream().anyMatch(l -> l.startsWith("READY ")) || !p.isAlive());
        return p;
    }

    /** The lines a receiver wrote so far. */
    static List<String> lines(Path out) throws IOException {
        return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** json messages are kept as encoded frames, small {@code bytes} as arrays: both are renumbered and marked. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"JSON", "BYTES"})
    void aRestartedReceiverGetsEveryMessageAtLeastOnceAndTheRepeatsMarked(DataType type) throws Exception {
        int port = freePort();
        Path firstLife = dir.resolve("first-life.txt");
        Path secondLife = dir.resolve("second-life.txt");
        Process first = receiver(port, firstLife);
        String name = "127.0.0.1:" + port;
        sender = Peer.create(PeerConfig.builder().sessions(new SessionConfig(1 << 20, WAIT)).build()).start();
        ConnectOptions options = ConnectOptions.of(type);
        sender.connect(name, options);
        CompletableFuture<List<CompletableFuture<Void>>> sending = CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            int i = 1;
            while (i <= MESSAGES) {
                try {
                    Connection c = sender.awaitConnectionTo(name, WAIT);
                    CompletableFuture<Void> f = c.send(type == DataType.BYTES ? Integer.toString(i).getBytes(StandardCharsets.US_ASCII) : i);
                    if (f.isCompletedExceptionally() && !c.isOpen()) {
                        continue;
                    }
                    sent.add(f);
                    if (i++ % 10 == 0) {
                        Thread.sleep(5);
                    }
                } catch (SendTimeoutException e) {
                    // not taken: again
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return sent;
        });
        await().atMost(WAIT).until(() -> lines(firstLife).size() > MESSAGES / 4);
        first.destroyForcibly();
        first.waitFor();
        await().atMost(WAIT).until(() -> sender.connection(name).map(c -> !c.isOpen()).orElse(true));
        receiver(port, secondLife);
        await().atMost(WAIT).ignoreExceptions().until(() -> sender.connect(name, options).isOpen());
        List<CompletableFuture<Void>> sent = sending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        // Every future is acknowledged, so every message was handled, and its line written before.
        await().atMost(WAIT).untilAsserted(() -> {
            Map<Integer, Boolean> before = got(lines(firstLife));
            Map<Integer, Boolean> after = got(lines(secondLife));
            for (int n = 1; n <= MESSAGES; n++) {
                assertThat(before.containsKey(n) || after.containsKey(n)).as("message " + n + " handled").isTrue();
            }
        });
        Map<Integer, Boolean> before = got(lines(firstLife));
        Map<Integer, Boolean> after = got(lines(secondLife));
        List<Integer> afterInOrder = new ArrayList<>(after.keySet());
        assertThat(afterInOrder).isSorted();
        for (int n = 1; n <= MESSAGES; n++) {
            if (before.containsKey(n) && after.containsKey(n)) {
                assertThat(after.get(n)).as("message " + n + ", handled again, is marked").isTrue();
            }
        }
        assertThat(before.values()).as("nothing in the first life is a repeat").doesNotContain(true);
        assertThat(after.values()).as("the restart resent something marked").contains(true);
    }

    /** The numbers a life handled, in order, each with whether it came marked as a possible duplicate. */
    static Map<Integer, Boolean> got(List<String> lines) {
        Map<Integer, Boolean> got = new LinkedHashMap<>();
        for (String l : lines) {
            if (l.startsWith("GOT ")) {
                String[] parts = l.split(" ");
                Boolean earlier = got.put(Integer.parseInt(parts[1]), Boolean.parseBoolean(parts[2]));
                assertThat(earlier).as("handled twice in one life: " + l).isNull();
            }
        }
        return got;
    }
}
