package io.p2pboot.faults;

import static io.p2pboot.faults.SessionFaultsTest.assertDirectBounded;
import static io.p2pboot.faults.SessionFaultsTest.awaitOrShow;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.discovery.NetworkNamespaces;
import io.p2pboot.discovery.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The faults of {@link SessionFaultsTest} in a loop for {@code soak.minutes} (30 by default): loss
 * with delay and reordering, a 10 s partition, a connection reset by the listener's firewall, and
 * the other process killed and started again, while two peers with sessions send each other a
 * message a millisecond. Node 1 lives throughout: every message it gets is in order (each of node
 * 2's lives sends from a range of its own), and its heap after a full collection, its threads and
 * its open file descriptors at the end are those after the first round. Not part of the default
 * build (its name is no test's): {@code ./mvnw -pl p2p-core -am verify -Psoak}, as root.
 */
class SessionSoak {

    /** Each life of node 2 sends from its own range of this size. */
    private static final int LIFE = 10_000_000;
    private static final String ENDLESS = "send=1000000000";
    /** How long a node may take to show progress after a fault healed. */
    private static final Duration RECOVERS = Duration.ofSeconds(90);
    private static final long HEAP_GROWTH = 8L << 20;
    private static final int THREAD_GROWTH = 4;
    private static final int FD_GROWTH = 4;

    private NetworkNamespaces lan;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeProcess> lives = new ArrayList<>();

    @AfterEach
    void removeLan() throws Exception {
        nodes.forEach(NodeProcess::close);
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    void theFaultsInALoopLeaveHeapThreadsAndFilesFlat() throws Exception {
        lan = SessionFaultsTest.twoNodeLan();
        Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 30));
        NodeProcess one = node(1, ENDLESS, "pace-us=1000", "life=" + LIFE, "stats=true");
        NodeProcess two = node(2, ENDLESS, "pace-us=1000", "from=1", "any-first=true");
        lives.add(two);
        long end = System.nanoTime() + length.toNanos();
        int round = 0;
        String firstStat = null;
        while (round == 0 || System.nanoTime() < end) {
            round++;
            lossAndDelay(one, two);
            partition(one, two);
            reset(one, two);
            two = restarted(one, two, round);
            if (round == 1) {
                firstStat = lastStat(one);
            }
            System.out.println("soak round " + round + ": " + lastStat(one));
        }
        Thread.sleep(11_000); // one more STAT after the last round's faults healed
        String lastStat = lastStat(one);
        System.out.println("soak after " + round + " rounds: first " + firstStat + ", last " + lastStat);

        assertThat(one.lines()).noneMatch(SessionFaultsTest::isFailure);
        for (NodeProcess life : lives) {
            assertThat(life.lines()).noneMatch(SessionFaultsTest::isFailure);
            assertDirectBounded(life);
        }
        assertDirectBounded(one);
        assertThat(stat(lastStat, "heap")).as("heap after a full collection").isLessThanOrEqualTo(stat(firstStat, "heap")
                + HEAP_GROWTH);
        assertThat(stat(lastStat, "threads")).as("threads").isLessThanOrEqualTo(stat(firstStat, "threads") + THREAD_GROWTH);
        assertThat(stat(lastStat, "fds")).as("open file descriptors").isLessThanOrEqualTo(stat(firstStat, "fds")
                + FD_GROWTH);
    }

    private NodeProcess node(int i, String... args) throws Exception {
        NodeProcess p = SessionFaultsTest.startNode(lan, i, args);
        nodes.add(p);
        return p;
    }

    private void lossAndDelay(NodeProcess one, NodeProcess two) throws Exception {
        try (Impairment a = Impairment.start(lan, 1, 0.05, 100, 50);
             Impairment b = Impairment.start(lan, 2, 0.05, 100, 50)) {
            Thread.sleep(20_000);
        }
        progresses(one, two);
    }

    private void partition(NodeProcess one, NodeProcess two) throws Exception {
        lan.link(2, false);
        Thread.sleep(10_000);
        lan.link(2, true);
        progresses(one, two);
    }

    private void reset(NodeProcess one, NodeProcess two) throws Exception {
        SessionFaultsTest.resetByListenersFirewall(lan, one, two);
        progresses(one, two);
    }

    private NodeProcess restarted(NodeProcess one, NodeProcess two, int round) throws Exception {
        two.kill();
        nodes.remove(two);
        NodeProcess next = node(2, ENDLESS, "pace-us=1000", "from=" + (round * LIFE + 1), "any-first=true");
        lives.add(next);
        progresses(one, next);
        return next;
    }

    /** Both nodes receive again: each prints a new {@code GOT} line. */
    private static void progresses(NodeProcess one, NodeProcess two) {
        long a = gots(one);
        long b = gots(two);
        awaitOrShow(RECOVERS, () -> gots(one) > a && gots(two) > b, one, two);
    }

    private static long gots(NodeProcess n) {
        return n.lines().stream().filter(l -> l.startsWith("GOT ")).count();
    }

    private static String lastStat(NodeProcess n) {
        List<String> stats = n.lines().stream().filter(l -> l.startsWith("STAT ")).toList();
        return stats.get(stats.size() - 1);
    }

    private static long stat(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException(key + " not in " + line);
    }

}
