package io.p2pboot.discovery;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DiscoveryNodeMain} (or another node's main) running in another JVM (optionally inside a network namespace), and its output. */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile String name;

    private NodeProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a node; {@code namespace} null for this host's own network.
     *
     * @param args {@code key=value} arguments of {@link DiscoveryNodeMain}
     */
    static NodeProcess start(String namespace, String... args) throws IOException {
        return start(namespace, DiscoveryNodeMain.class, args);
    }

    /** Starts {@code main} in a JVM of its own, in {@code namespace} (null for this host's network); it prints {@code READY name}. */
    public static NodeProcess start(String namespace, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (namespace != null) {
            cmd.addAll(List.of("ip", "netns", "exec", namespace));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new NodeProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    name = line.substring(6);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e + ")");
        }
    }

    /** Waits for READY and answers the node's listening name. */
    public String awaitReady(Duration timeout) {
        await("node ready; output so far: " + lines).atMost(timeout)
                .until(() -> name != null || !process.isAlive());
        if (name == null) {
            throw new AssertionError("node exited before it was ready: " + lines);
        }
        return name;
    }

    /** Waits until the node printed {@code line}. */
    void awaitLine(String line, Duration timeout) {
        await("line '" + line + "' from node " + name).atMost(timeout).until(() -> lines.contains(line));
    }

    public List<String> lines() {
        return lines;
    }

    /**
     * Kills the node at once, as a crash would, and reads what it wrote before it died. The kill
     * goes through the process handle: {@link Process#destroyForcibly()} also closes the pipe from
     * the node, and the lines still in it would be lost.
     */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
        reader.join(Duration.ofSeconds(10).toMillis());
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        process.destroyForcibly();
    }
}
