package io.p2pboot.discovery;

import io.p2pboot.MissingTool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery across hosts: three JVMs, each in its own network namespace, joined by a bridge in a
 * fourth. They use the real defaults (port 1024; one of them the broadcast address of its own
 * interfaces), which is safe only because those interfaces exist only in these namespaces.
 */
class DiscoveryAcrossNamespacesTest {

    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static NetworkNamespaces lan;
    private static final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void createLan() throws Exception {
        String missing = NetworkNamespaces.unavailableReason();
        if (missing != null) {
            throw MissingTool.skipOrFail("discovery across hosts cannot be tested: " + missing
                    + " (CI must run this test as root with iproute2)");
        }
        lan = new NetworkNamespaces();
        lan.create(3);
    }

    @AfterAll
    static void removeLan() {
        nodes.forEach(NodeProcess::close);
        if (lan != null) {
            lan.close();
        }
    }

    private static NodeProcess node(int i, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip=" + lan.address(i), "port=" + DiscoveryConfig.DEFAULT_PORT));
        all.addAll(List.of(args));
        NodeProcess p = NodeProcess.start(lan.node(i), all.toArray(new String[0]));
        nodes.add(p);
        return p;
    }

    @Test
    void discoveryCrossesHostsAndAKilledNodeIsReportedLost() throws Exception {
        NodeProcess watcher = node(1, "broadcast=interfaces", "continuous=true");
        NodeProcess other = node(2, "broadcast=" + lan.broadcast(), "continuous=true");
        NodeProcess victim = node(3, "broadcast=" + lan.broadcast());
        String watcherName = watcher.awaitReady(START);
        String otherName = other.awaitReady(START);
        String victimName = victim.awaitReady(START);
        assertThat(List.of(watcherName, otherName, victimName)).allMatch(n -> n.startsWith("10.231."));

        watcher.awaitLine("DISCOVERED " + otherName, WAIT);
        watcher.awaitLine("DISCOVERED " + victimName, WAIT);
        other.awaitLine("DISCOVERED " + watcherName, WAIT);
        other.awaitLine("DISCOVERED " + victimName, WAIT);

        victim.kill();
        watcher.awaitLine("LOST " + victimName, WAIT);
        other.awaitLine("LOST " + victimName, WAIT);
        assertThat(watcher.lines()).doesNotContain("LOST " + otherName, "DISCOVERED " + watcherName);
    }
}
