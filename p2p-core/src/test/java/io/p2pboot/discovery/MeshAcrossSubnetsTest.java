package io.p2pboot.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.MissingTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Beyond one LAN: two subnets in network namespaces joined by a router namespace, one mesh peer
 * in each process and namespace. Broadcast finds the neighbour in the same subnet and nothing
 * across; a seed finds the far peer; the mesh connects; the far peer killed and started again on
 * its port is connected again within the back-off's bound. Every address exists only inside the
 * namespaces the test made.
 */
class MeshAcrossSubnetsTest {

    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PORT = 7000;

    private static NetworkNamespaces subnets;
    private static final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void createSubnets() throws Exception {
        String missing = NetworkNamespaces.unavailableReason();
        if (missing != null) {
            throw MissingTool.skipOrFail("routed subnets cannot be tested: " + missing
                    + " (CI must run this test as root with iproute2)");
        }
        subnets = new NetworkNamespaces();
        // nodes 1 and 2 on the left subnet, node 3 on the right
        subnets.createRouted(2, 1);
    }

    @AfterAll
    static void removeSubnets() {
        nodes.forEach(NodeProcess::close);
        if (subnets != null) {
            subnets.close();
        }
    }

    private static NodeProcess node(int i, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip=" + subnets.routedAddress(i), "port=" + PORT,
                "broadcast=" + subnets.broadcastOf(i)));
        all.addAll(List.of(args));
        NodeProcess p = NodeProcess.start(subnets.node(i), MeshNodeMain.class, all.toArray(new String[0]));
        nodes.add(p);
        return p;
    }

    @Test
    void broadcastStaysInItsSubnetSeedsCrossTheRouterAndTheMeshReconnectsAfterAKill() throws Exception {
        String far = subnets.routedAddress(3) + ":" + PORT;
        NodeProcess alice = node(1, "seeds=" + far);
        NodeProcess neighbour = node(2);
        NodeProcess farPeer = node(3);
        String aliceName = alice.awaitReady(START);
        String neighbourName = neighbour.awaitReady(START);
        assertThat(farPeer.awaitReady(START)).isEqualTo(far);

        alice.awaitLine("DISCOVERED " + neighbourName + " broadcast", WAIT);
        alice.awaitLine("DISCOVERED " + far + " seed", WAIT);
        alice.awaitLine("CONNECTED " + far, WAIT);
        alice.awaitLine("CONNECTED " + neighbourName, WAIT);
        farPeer.awaitLine("CONNECTED " + aliceName, WAIT);

        farPeer.kill();
        alice.awaitLine("CLOSED " + far, WAIT);
        int linesBefore = alice.lines().size();
        NodeProcess again = node(3);
        assertThat(again.awaitReady(START)).isEqualTo(far);
        long listening = System.nanoTime();
        alice.awaitLine("RECONNECTED " + far, WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - listening);
        System.out.println("mesh reconnect across the router: " + took.toMillis() + " ms after the far peer listened again");
        // The longest back-off (1 s) plus its jitter, a seed round (200 ms) and a connect: well inside 3 s.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(alice.lines().subList(linesBefore, alice.lines().size())).contains("CONNECTED " + far);

        // Broadcast never crossed the router: the far peer was only ever a seed, and the right
        // subnet's peer never discovered the left subnet's by broadcast.
        assertThat(alice.lines()).noneMatch(l -> l.startsWith("DISCOVERED " + far + " ") && l.contains("broadcast"));
        assertThat(again.lines()).noneMatch(l -> l.startsWith("DISCOVERED "));
    }
}
