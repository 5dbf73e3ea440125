package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.WAIT;
import static io.p2pboot.discovery.LoopbackDiscovery.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Header;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forged PONGs, each naming another peer, fill neither the peer list nor the log. */
class DiscoveryPeerLimitTest {

    private static final String BOB = "127.0.0.1:41002";
    private static final int MAX_PEERS = 20;
    /**
     * More than a probe keeps, few enough that the kernel's receive buffer holds a whole burst: a
     * flood that overflows it drops datagrams before any code sees them, Bob's PONG among them.
     */
    private static final int FORGED_PER_PING = 4 * MAX_PEERS;

    private final List<String> news = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger forged = new AtomicInteger();
    private int port;
    private Discovery bob;
    private Discovery alice;
    private Pipe forger;

    @BeforeEach
    void setUp() throws Exception {
        port = LoopbackDiscovery.freePort();
        bob = new Discovery(config(port).build(), () -> BOB);
        bob.start();
        PeerNewsLog newsLog = new PeerNewsLog(5, Duration.ofHours(1), System::nanoTime, logLines::add, logLines::add);
        alice = new Discovery(config(port).maxPeers(MAX_PEERS).lostAfterRounds(5).continuous(true).build(), () -> "127.0.0.1:41001",
                newsLog);
        alice.addListener(LoopbackDiscovery.recordingInto(news));
        alice.start();
    }

    @AfterEach
    void tearDown() {
        alice.close();
        bob.close();
        if (forger != null) {
            forger.close();
        }
    }

    /** Hears every PING broadcast on the port and answers each with a burst of PONGs naming peers that do not exist. */
    private void startForging() throws Exception {
        PipeConfig shared = PipeConfig.builder().reuseAddr(true).broadcast(true).build();
        forger = Pipe.udp().bind(BroadcastAddresses.LOOPBACK, port).config(shared).onMessage((data, sender, p) -> {
            InetSocketAddress pinger = Ipv4Endpoint.parse(Header.decode(data).pinger().orElseThrow());
            for (int i = 0; i < FORGED_PER_PING; i++) {
                p.send(Header.pong("127.0.0.1:" + (20_000 + forged.getAndIncrement() % 40_000)).encode(), pinger);
            }
        }).open();
    }

    @Test
    void forgedPongsFillNoMoreThanMaxPeersAndKnownPeersStay() throws Exception {
        await().atMost(WAIT).until(() -> news.contains("+" + BOB));
        startForging();

        long probesBefore = alice.stats().probes();
        await().atMost(WAIT).until(() -> {
            assertThat(alice.peers()).hasSizeLessThanOrEqualTo(MAX_PEERS);
            return alice.stats().probes() >= probesBefore + 5;
        });
        DiscoveryStats stats = alice.stats();
        assertThat(forged.get()).isGreaterThan(5 * MAX_PEERS);
        assertThat(stats.ignoredPeers()).as("names beyond max-peers are counted").isGreaterThan(0);
        assertThat(alice.peers()).hasSizeLessThanOrEqualTo(MAX_PEERS).extracting(DiscoveredPeer::name).contains(BOB);
        assertThat(news).as("a known peer is never pushed out").doesNotContain("-" + BOB);
        assertThat(alice.probe()).hasSizeLessThanOrEqualTo(2 * MAX_PEERS).contains(BOB);
        assertThat(logLines).as("at most 5 lines an hour, and the first ones were written").hasSize(5);
    }
}
