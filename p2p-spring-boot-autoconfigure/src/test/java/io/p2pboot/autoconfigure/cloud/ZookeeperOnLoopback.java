package io.p2pboot.autoconfigure.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (curator-test's) that takes clients on 127.0.0.1 only: its client port
 * address is loopback (TestingServer binds every interface unless told), no admin server, and no
 * quorum ports (a single server runs standalone).
 */
final class ZookeeperOnLoopback {

    private ZookeeperOnLoopback() {
    }

    /** A server on a free loopback port, started or not yet. */
    static TestingServer server(boolean start) throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        return new TestingServer(spec, start);
    }

    /** The connect string of a server: its loopback address and port. */
    static String connectString(TestingServer server) {
        return "127.0.0.1:" + server.getPort();
    }

    /**
     * Where the kernel says something listens on TCP {@code port} (hex local addresses of
     * {@code /proc/net/tcp} and {@code tcp6}: {@code 0100007F} is 127.0.0.1, and
     * {@code 0000000000000000FFFF00000100007F} ::ffff:127.0.0.1); empty where there is no /proc.
     */
    static List<String> listeningAddresses(int port) throws IOException {
        List<String> found = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && "0A".equals(fields[3]) && fields[1].endsWith(":" + hexPort)) {
                    found.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return found;
    }

    /** Asserts that the server's client port listens on 127.0.0.1 alone. */
    static void assertListensOnLoopbackOnly(TestingServer server) throws IOException {
        List<String> addresses = listeningAddresses(server.getPort());
        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
            // 127.0.0.1 in /proc/net/tcp, or as the JDK's dual-stack socket binds it, ::ffff:127.0.0.1 in tcp6
            assertThat(addresses).as("ZooKeeper's listening sockets on port " + server.getPort()).singleElement()
                    .isIn("0100007F", "0000000000000000FFFF00000100007F");
        }
    }
}
