package io.p2pboot.discovery;

import io.p2pboot.MissingTool;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: Debian's {@code dnsmasq} on 127.0.0.1 at a free port (UDP and
 * TCP), with the test's records and nothing else: no upstream server, no {@code /etc/hosts}, no
 * configuration file, authoritative for {@value #DOMAIN} (a name it does not have there is
 * NXDOMAIN, not a question passed on). Each query it answers is logged, so a test can count them.
 *
 * <p>Records are dnsmasq options: {@code --srv-host=_p2p._tcp.p2p.test,a.p2p.test,5000},
 * {@code --host-record=a.p2p.test,127.0.0.1,TTL}; {@code --local-ttl=N} sets the TTL of the SRV
 * records (0 by default). {@link #restart(List)} replaces them on the same port.
 *
 * <p>Without {@code dnsmasq}, {@link #start(List)} skips the test, or fails it on CI ({@link MissingTool}).
 */
public final class DnsmasqProcess implements AutoCloseable {

    public static final String DOMAIN = "p2p.test";
    private static final InetAddress LOOPBACK = loopback();
    private static final Path BINARY = Paths.get("/usr/sbin/dnsmasq");
    private static final long READY_TIMEOUT_MS = 10_000;

    private final int port;
    private final Path workDir;
    private Process process;

    private DnsmasqProcess(int port, Path workDir, Process process) {
        this.port = port;
        this.workDir = workDir;
        this.process = process;
    }

    /** Starts dnsmasq on a free loopback port with these records and waits (bounded) until it answers. */
    public static DnsmasqProcess start(List<String> records) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw MissingTool.skipOrFail("dnsmasq is not installed (looked for " + BINARY + "): install the"
                    + " 'dnsmasq-base' package (apt-get install dnsmasq-base). The DNS source tests need a real"
                    + " DNS server on loopback.");
        }
        Path workDir = Files.createTempDirectory("dnsmasq-");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort(); // free when chosen, but may be taken before dnsmasq binds it: then another
            try {
                return new DnsmasqProcess(port, workDir, launch(port, workDir, records));
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Stops this server and starts one with other records on the same port. */
    public void restart(List<String> records) throws IOException {
        stop();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                process = launch(port, workDir, records);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Where it listens: 127.0.0.1, UDP and TCP. */
    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    /** How many queries of this type ({@code SRV}, {@code A}, {@code AAAA}) for this name it has had since it started. */
    public long queries(String type, String name) throws IOException {
        String asked = "query[" + type + "] " + name + " from";
        return Files.readAllLines(log(workDir), StandardCharsets.UTF_8).stream().filter(l -> l.contains(asked)).count();
    }

    /** Stops it; it answers nothing after. */
    public void stop() {
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

    @Override
    public void close() throws IOException {
        stop();
        try (var files = Files.walk(workDir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    private static Process launch(int port, Path workDir, List<String> records) throws IOException {
        Files.deleteIfExists(log(workDir));
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",       // no configuration but this command line
                "--no-resolv", "--no-poll",    // no upstream servers: it answers from its records only
                "--no-hosts",                  // not this machine's /etc/hosts
                "--local=/" + DOMAIN + "/",    // authoritative for the test domain: NXDOMAIN for others in it
                "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + port,
                "--pid-file=",                 // no pid file
                "--log-queries", "--log-facility=" + log(workDir)));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("--user=root", "--group=root")); // else it would drop to nobody
        }
        command.addAll(records);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("dnsmasq exited with " + process.exitValue() + ": "
                            + Files.readString(workDir.resolve("stdout.log")));
                }
                if (answers(socket, port)) {
                    return process;
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("dnsmasq did not answer on 127.0.0.1:" + port + " within " + READY_TIMEOUT_MS + " ms");
    }

    /** One query for the SOA of the test domain; true when any answer comes back in time. */
    private static boolean answers(DatagramSocket socket, int port) throws IOException {
        ByteBuffer query = ByteBuffer.allocate(64);
        query.putShort((short) 0x5050).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        for (String label : DOMAIN.split("\\.")) {
            query.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        query.put((byte) 0).putShort((short) 6).putShort((short) 1);
        socket.send(new DatagramPacket(query.array(), query.position(),
                new InetSocketAddress(LOOPBACK, port)));
        try {
            socket.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (SocketTimeoutException notYet) {
            return false;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path log(Path workDir) {
        return workDir.resolve("queries.log");
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK,
                         tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }
}
