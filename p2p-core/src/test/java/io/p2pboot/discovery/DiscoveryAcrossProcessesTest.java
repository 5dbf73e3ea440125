package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Discovery nodes in separate JVMs on this host find each other through 127.255.255.255. */
class DiscoveryAcrossProcessesTest {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void nodesInOtherProcessesAreFoundAndAKilledOneIsReportedLost() throws Exception {
        int port = LoopbackDiscovery.freePort();
        List<String> news = new CopyOnWriteArrayList<>();
        String self = "127.0.0.1:41001";
        try (NodeProcess first = NodeProcess.start(null, "ip=127.0.0.1", "port=" + port, "continuous=true");
             NodeProcess second = NodeProcess.start(null, "ip=127.0.0.1", "port=" + port);
             Discovery here = new Discovery(config(port).continuous(true).build(), () -> self)) {
            here.addListener(LoopbackDiscovery.recordingInto(news));
            here.start();
            String firstName = first.awaitReady(START);
            String secondName = second.awaitReady(START);

            // UDP is best effort: a JVM busy starting up may miss one probe's quiet period
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(here.probe()).containsExactlyInAnyOrder(firstName, secondName));
            await().atMost(WAIT).until(() -> news.containsAll(List.of("+" + firstName, "+" + secondName)));
            first.awaitLine("DISCOVERED " + self, WAIT);
            first.awaitLine("DISCOVERED " + secondName, WAIT);

            second.kill();
            await().atMost(WAIT).until(() -> news.contains("-" + secondName));
            first.awaitLine("LOST " + secondName, WAIT);
            assertThat(news).doesNotContain("-" + firstName);
            assertThat(here.peers()).extracting(DiscoveredPeer::name).containsExactly(firstName);
        }
    }
}
