package io.p2pboot.autoconfigure.event;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code dnsmasq} as the test's DNS server: on 127.0.0.1 at a free UDP port, with the
 * test's records only (no upstream, no {@code /etc/hosts}, no configuration file), authoritative
 * for {@code p2p.test}. Without it the test is skipped, and fails on CI ({@code CI=true}), where
 * {@code scripts/install-test-tools.sh} installs the {@code dnsmasq-base} package.
 */
final class DnsmasqOnLoopback implements AutoCloseable {

    private static final Path BINARY = Paths.get("/usr/sbin/dnsmasq");

    private final Process process;
    private final int port;

    private DnsmasqOnLoopback(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static DnsmasqOnLoopback start(String... records) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            String why = "dnsmasq is not installed (" + BINARY + "): apt-get install dnsmasq-base";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI installs it: see .ci/run)");
            }
            Assumptions.abort("skipped outside CI: " + why);
        }
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        int port;
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--keep-in-foreground",
                "--conf-file=/dev/null", "--no-resolv", "--no-poll", "--no-hosts", "--local=/p2p.test/",
                "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + port, "--pid-file=",
                "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("--user=root", "--group=root"));
        }
        command.addAll(List.of(records));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        DnsmasqOnLoopback dns = new DnsmasqOnLoopback(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (answers(socket, dns.address())) {
                    return dns;
                }
            }
        }
        dns.close();
        throw new IOException("dnsmasq did not answer on 127.0.0.1:" + port);
    }

    /** Where it listens, as p2p.dns.servers takes it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** An SOA query for p2p.test; true when any answer comes back within the socket timeout. */
    private static boolean answers(DatagramSocket socket, String server) throws IOException {
        ByteBuffer query = ByteBuffer.allocate(32).putShort((short) 0x5050).putShort((short) 0x0100)
                .putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        query.put((byte) 3).put("p2p".getBytes(StandardCharsets.US_ASCII)).put((byte) 4)
                .put("test".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putShort((short) 6).putShort((short) 1);
        int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        socket.send(new DatagramPacket(query.array(), query.position(),
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)));
        try {
            socket.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (SocketTimeoutException notYet) {
            return false;
        }
    }
}
