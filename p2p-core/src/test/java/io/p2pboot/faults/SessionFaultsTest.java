package io.p2pboot.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.MissingTool;
import io.p2pboot.discovery.NetworkNamespaces;
import io.p2pboot.discovery.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two peers with sessions, each in its own process (64 MB of heap, as much direct memory) and
 * network namespace on a private LAN the test makes, keeping a mesh connection and sending each
 * other 20,000 numbered messages, while the network or a process fails: every message is handled
 * once and in order on both sides (at least once across a killed receiver, the repeats marked),
 * every send's future completes, and direct memory stays bounded throughout.
 *
 * <p>Needs root, iproute2, iptables and python3 ({@code scripts/install-test-tools.sh}); skipped
 * without them, failed when {@code CI=true}. Loss, delay and reordering come from
 * {@link Impairment} (an NFQUEUE program), as this kernel has no netem.
 */
class SessionFaultsTest {

    static final int COUNT = 20_000;
    static final int PORT = 7100;
    /** One message a millisecond: the traffic spans the fault made a few seconds in. */
    private static final String PACED = "pace-us=1000";
    /** Direct memory a node may hold: its pooled chunks, its unacknowledged messages, its socket buffers' worth. */
    static final long DIRECT_BOUND = 24L << 20;
    private static final Duration READY = Duration.ofSeconds(60);

    private NetworkNamespaces lan;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Impairment> impairments = new ArrayList<>();

    @BeforeEach
    void createLan() throws Exception {
        lan = twoNodeLan();
    }

    /** A LAN of two nodes; the test skipped (failed when {@code CI=true}) where faults cannot be made. */
    static NetworkNamespaces twoNodeLan() throws Exception {
        String missing = NetworkNamespaces.unavailableReason();
        if (missing == null) {
            missing = Impairment.unavailableReason();
        }
        if (missing != null) {
            throw MissingTool.skipOrFail("faults cannot be made: " + missing
                    + " (CI must run this test as root with iproute2, iptables and python3)");
        }
        NetworkNamespaces lan = new NetworkNamespaces();
        lan.create(2);
        return lan;
    }

    @AfterEach
    void removeLan() throws Exception {
        for (Impairment i : impairments) {
            i.close();
        }
        nodes.forEach(NodeProcess::close);
        if (lan != null) {
            lan.close();
        }
    }

    /** Node {@code i} of the LAN, with the other as its seed; {@code args} as {@link SessionNodeMain} takes them. */
    NodeProcess node(int i, String... args) throws Exception {
        NodeProcess p = startNode(lan, i, args);
        nodes.add(p);
        return p;
    }

    /** Starts {@link SessionNodeMain} as node {@code i} of {@code lan}, the other node its seed, and waits until it listens. */
    static NodeProcess startNode(NetworkNamespaces lan, int i, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip=" + lan.address(i), "port=" + PORT,
                "other=" + lan.address(3 - i) + ":" + PORT));
        all.addAll(List.of(args));
        NodeProcess p = NodeProcess.start(lan.node(i), SessionNodeMain.class, all.toArray(String[]::new));
        try {
            p.awaitReady(READY);
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    private NodeProcess[] bothWays(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("send=" + COUNT, "expect=" + COUNT));
        all.addAll(List.of(args));
        return new NodeProcess[] {node(1, all.toArray(String[]::new)), node(2, all.toArray(String[]::new))};
    }

    @Test
    void lossDelayAndReorderingLoseNothingAndRepeatNothing() throws Exception {
        impairments.add(Impairment.start(lan, 1, 0.05, 100, 50));
        impairments.add(Impairment.start(lan, 2, 0.05, 100, 50));
        NodeProcess[] n = bothWays();
        awaitOrShow(Duration.ofMinutes(4), () -> done(n[0]) && done(n[1]), n);
        for (NodeProcess node : n) {
            assertAllOnceInOrder(node);
        }
    }

    @Test
    void aTenSecondPartitionLosesNothingAndRepeatsNothing() throws Exception {
        NodeProcess[] n = bothWays(PACED);
        awaitOrShow(READY, () -> got(n[0], 5000) && got(n[1], 5000), n);
        assertThat(n[0].lines()).as("node 1 is still sending when the partition begins").doesNotContain("SENT " + COUNT);
        lan.link(2, false);
        Thread.sleep(10_000); // the partition: every packet between the two is lost for 10 s
        lan.link(2, true);
        awaitOrShow(Duration.ofMinutes(2), () -> done(n[0]) && done(n[1]), n);
        for (NodeProcess node : n) {
            assertAllOnceInOrder(node);
            assertThat(node.lines()).as("the connection died of silence during the partition")
                    .anyMatch(l -> l.startsWith("CLOSED ") && l.contains("TIMEOUT"));
        }
    }

    @Test
    void aConnectionResetByTheListenersFirewallLosesNothing() throws Exception {
        NodeProcess[] n = bothWays(PACED);
        awaitOrShow(READY, () -> got(n[0], 5000) && got(n[1], 5000), n);
        Reset reset = resetByListenersFirewall(lan, n[0], n[1]);
        awaitOrShow(Duration.ofMinutes(2), () -> done(n[0]) && done(n[1]), n);
        for (NodeProcess node : n) {
            assertAllOnceInOrder(node);
        }
        List<String> closed = reset.dialler().lines().stream().filter(l -> l.startsWith("CLOSED ")).toList();
        assertThat(closed.get(reset.closedBefore())).as("the dialler's connection was reset").contains(" RESET ");
    }

    /** Which node dialled the connection that was reset, and how many connections it had seen close before. */
    record Reset(NodeProcess dialler, int closedBefore) {
    }

    /**
     * Answers every packet to the listening port with a TCP reset (the listener's firewall) until the
     * dialler's connection broke. The mesh keeps one of the two connections it may make: the
     * listener is whichever node accepted it, as node 1's last {@code CONNECTED} line says.
     */
    static Reset resetByListenersFirewall(NetworkNamespaces lan, NodeProcess one, NodeProcess two) throws Exception {
        List<String> connected = one.lines().stream().filter(l -> l.startsWith("CONNECTED ")).toList();
        int listener = connected.get(connected.size() - 1).endsWith("accepted") ? 1 : 2;
        NodeProcess dialler = listener == 1 ? two : one;
        int closedBefore = closedLines(dialler);
        String[] reject = {"INPUT", "-p", "tcp", "--dport", Integer.toString(PORT), "-j", "REJECT", "--reject-with",
                "tcp-reset"};
        lan.exec(listener, concat("iptables", "-I", reject));
        try {
            awaitOrShow(Duration.ofSeconds(20), () -> closedLines(dialler) > closedBefore, one, two);
        } finally {
            lan.exec(listener, concat("iptables", "-D", reject));
        }
        return new Reset(dialler, closedBefore);
    }

    private static int closedLines(NodeProcess n) {
        return (int) n.lines().stream().filter(l -> l.startsWith("CLOSED ")).count();
    }

    @Test
    void aReceiverKilledAndRestartedOnItsPortGetsEverythingAtLeastOnceRepeatsMarked() throws Exception {
        NodeProcess sender = node(1, "send=" + COUNT, PACED);
        NodeProcess first = node(2, "each=true");
        awaitOrShow(READY, () -> first.lines().contains("R 5000"), sender, first);
        first.kill();
        NodeProcess second = node(2, "each=true", "expect=" + COUNT);
        awaitOrShow(Duration.ofMinutes(2), () -> second.lines().contains("RECEIVED-ALL " + COUNT)
                && sender.lines().contains("ACKED-ALL") || failed(sender), sender, second);

        List<long[]> lifeOne = numbers(first);
        List<long[]> lifeTwo = numbers(second);
        for (int i = 0; i < lifeOne.size(); i++) {
            assertThat(lifeOne.get(i)).as("the first life handled each message once, in order, none marked")
                    .containsExactly(i + 1, 0);
        }
        long lastOfOne = lifeOne.size();
        long from = lifeTwo.get(0)[0];
        assertThat(from).as("the second life begins where the first stopped, or before").isBetween(1L, lastOfOne + 1);
        for (int i = 0; i < lifeTwo.size(); i++) {
            long[] r = lifeTwo.get(i);
            assertThat(r[0]).as("the second life handles each message once more at most, in order").isEqualTo(from + i);
            if (r[0] <= lastOfOne) {
                assertThat(r[1]).as("message %d, handled before the kill, is marked as a possible duplicate", r[0])
                        .isEqualTo(1);
            }
        }
        assertThat(from + lifeTwo.size() - 1).isEqualTo(COUNT);
        assertThat(sender.lines()).contains("ACKED-ALL").noneMatch(SessionFaultsTest::isFailure);
        assertDirectBounded(sender);
        assertDirectBounded(second);
    }

    // ---- reading the nodes' output

    static boolean got(NodeProcess n, int count) {
        return n.lines().contains("GOT " + count);
    }

    static boolean done(NodeProcess n) {
        return n.lines().contains("RECEIVED-ALL " + COUNT) && n.lines().contains("ACKED-ALL") || failed(n);
    }

    static boolean failed(NodeProcess n) {
        return n.lines().stream().anyMatch(SessionFaultsTest::isFailure);
    }

    static boolean isFailure(String line) {
        return line.startsWith("SEND-FAILED") || line.startsWith("NO-CONNECTION") || line.startsWith("SESSION-EXPIRED")
                || line.startsWith("ORDER") || line.contains("OutOfMemoryError") || line.startsWith("Exception in");
    }

    static void assertAllOnceInOrder(NodeProcess n) {
        assertThat(n.lines()).as("output of a node").contains("RECEIVED-ALL " + COUNT, "ACKED-ALL")
                .noneMatch(SessionFaultsTest::isFailure);
        assertDirectBounded(n);
    }

    static void assertDirectBounded(NodeProcess n) {
        long most = n.lines().stream().filter(l -> l.startsWith("MEM "))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf("direct=") + 7))).max().orElseThrow();
        assertThat(most).as("the most direct memory the node held").isLessThanOrEqualTo(DIRECT_BOUND);
    }

    /** The {@code R n [dup]} lines of a node: {number, 1 when marked}. */
    private static List<long[]> numbers(NodeProcess n) {
        List<long[]> out = new ArrayList<>();
        for (String l : n.lines()) {
            if (l.startsWith("R ")) {
                String[] parts = l.split(" ");
                out.add(new long[] {Long.parseLong(parts[1]), parts.length > 2 ? 1 : 0});
            }
        }
        return out;
    }

    static void awaitOrShow(Duration limit, BooleanSupplier condition, NodeProcess... shown) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
        } catch (Throwable t) {
            for (int i = 0; i < shown.length; i++) {
                System.err.println("output of node " + (i + 1) + ": " + tail(shown[i].lines()));
            }
            throw t;
        }
    }

    private static List<String> tail(List<String> lines) {
        List<String> kept = lines.stream().filter(l -> !l.startsWith("R ") && !l.startsWith("MEM ")).toList();
        return kept.subList(Math.max(0, kept.size() - 200), kept.size());
    }

    static String[] concat(String command, String verb, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = command;
        all[1] = verb;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
