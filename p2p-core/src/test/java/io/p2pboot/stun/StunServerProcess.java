package io.p2pboot.stun;

import io.p2pboot.MissingTool;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real STUN server for tests: Debian's coturn {@code turnserver} in STUN-only mode, listening
 * on loopback only (127.0.0.1, and ::1 when the machine has it) on a free UDP port, without
 * TLS, DTLS, TCP, CLI, authentication database or config file. {@link #start()} returns once it
 * answers a Binding request; {@link #close()} stops it and waits for it to exit.
 *
 * <p>When {@code turnserver} is not installed, {@link #start()} skips the test, or fails it on CI
 * ({@link MissingTool}), with a message saying to install the {@code coturn} package.
 */
public final class StunServerProcess implements AutoCloseable {

    private static final String BINARY_PROPERTY = "p2p.test.turnserver";
    private static final Path DEFAULT_BINARY = Paths.get("/usr/bin/turnserver");
    private static final long READY_TIMEOUT_MS = 10_000;
    private static final int PROBE_TIMEOUT_MS = 200;
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final InetSocketAddress ipv4;
    private final InetSocketAddress ipv6;
    private final Thread shutdownHook;

    private StunServerProcess(Process process, Path workDir, InetSocketAddress ipv4, InetSocketAddress ipv6) {
        this.process = process;
        this.workDir = workDir;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-turnserver-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts coturn on a free loopback port and waits (bounded) until it answers. */
    public static StunServerProcess start() throws IOException, InterruptedException {
        Path binary = binary();
        boolean withIpv6 = loopbackIpv6Works();
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // the port is free when chosen but may be taken before coturn binds it: then try another
            int port = freeUdpPort(withIpv6);
            Path workDir = Files.createTempDirectory("turnserver-");
            Process process = new ProcessBuilder(command(binary, port, withIpv6, workDir))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("turnserver.log").toFile())
                    .start();
            InetSocketAddress ipv4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
            try {
                awaitAnswer(process, ipv4, READY_TIMEOUT_MS, workDir);
                InetSocketAddress ipv6 = null;
                if (withIpv6) {
                    InetSocketAddress candidate = new InetSocketAddress(InetAddress.getByName("::1"), port);
                    if (answers(candidate, 2_000)) {
                        ipv6 = candidate;
                    }
                }
                return new StunServerProcess(process, workDir, ipv4, ipv6);
            } catch (IOException e) {
                stop(process);
                last = e;
            }
        }
        throw last;
    }

    /** The exact command line: see the class comment for why each option is there. */
    static List<String> command(Path binary, int port, boolean withIpv6, Path workDir) {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "-n",                               // no configuration file: command line only
                "--listening-ip", "127.0.0.1"));
        if (withIpv6) {
            command.addAll(List.of("--listening-ip", "::1"));
        }
        command.addAll(List.of(
                "--listening-port", Integer.toString(port),
                "--relay-ip", "127.0.0.1",          // never pick a non-loopback address for anything
                "--stun-only",                      // ignore every TURN request
                "--no-udp-relay",
                "--no-tcp",                         // UDP STUN only
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--no-auth",
                "--no-rfc5780",                     // no alternate port/address
                "-m", "1",                          // one relay thread is plenty
                "--log-file", "stdout",
                "--simple-log",
                "--pidfile", workDir.resolve("turnserver.pid").toString(),
                "--userdb", workDir.resolve("turndb").toString()));
        return command;
    }

    public InetSocketAddress ipv4Address() {
        return ipv4;
    }

    /** The ::1 endpoint, when this machine has loopback IPv6 and coturn answers there. */
    public Optional<InetSocketAddress> ipv6Address() {
        return Optional.ofNullable(ipv6);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        return readLog(workDir);
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same job
        }
        deleteQuietly(workDir);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        Path binary = configured != null ? Paths.get(configured) : DEFAULT_BINARY;
        if (!Files.isExecutable(binary)) {
            throw MissingTool.skipOrFail("coturn's turnserver is not installed (looked for " + binary
                    + "): install the 'coturn' package (apt-get install coturn), or set -D" + BINARY_PROPERTY
                    + "=/path/to/turnserver. The STUN tests need a real STUN server on loopback.");
        }
        return binary;
    }

    /** Polls with real Binding requests until one is answered, the process dies, or time runs out. */
    private static void awaitAnswer(Process process, InetSocketAddress server, long timeoutMs, Path workDir)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited with " + process.exitValue() + " before answering; log:\n"
                            + readLog(workDir));
                }
                if (probe(socket, server)) {
                    return;
                }
            }
        }
        throw new IOException("turnserver did not answer a STUN Binding request on " + server + " within "
                + timeoutMs + " ms; log:\n" + readLog(workDir));
    }

    private static boolean answers(InetSocketAddress server, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                if (probe(socket, server)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One Binding request; true when a valid answer to it comes back within the socket timeout. */
    private static boolean probe(DatagramSocket socket, InetSocketAddress server) throws IOException {
        byte[] tx = StunMessage.newTransactionId();
        byte[] request = StunMessage.bindingRequest(tx);
        socket.send(new DatagramPacket(request, request.length, server));
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            StunMessage.mappedAddress(Arrays.copyOf(buffer, packet.getLength()), tx);
            return true;
        } catch (SocketTimeoutException | StunException notYet) {
            return false;
        }
    }

    private static int freeUdpPort(boolean withIpv6) throws IOException {
        for (int i = 0; i < 20; i++) {
            int port;
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
                port = socket.getLocalPort();
            }
            if (!withIpv6) {
                return port;
            }
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), port))) {
                if (socket.getLocalPort() == port) {
                    return port;
                }
            } catch (SocketException taken) {
                // try another
            }
        }
        throw new IOException("no UDP port free on both 127.0.0.1 and ::1");
    }

    private static boolean loopbackIpv6Works() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return socket.getLocalAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLog(Path workDir) {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("turnserver.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
