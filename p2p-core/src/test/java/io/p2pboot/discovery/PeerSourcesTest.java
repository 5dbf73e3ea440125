package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.WAIT;
import static io.p2pboot.discovery.LoopbackDiscovery.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.PipeConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seeds and broadcast feed one tracker: real TCP listeners and broadcast responders on loopback. */
class PeerSourcesTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> news = new CopyOnWriteArrayList<>();
    private int port;

    @BeforeEach
    void pickPort() {
        port = LoopbackDiscovery.freePort();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A TCP listener standing for a peer: the kernel completes connections to it without an accept. */
    private ServerSocket listener(String ip) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName(ip));
        open.add(s);
        return s;
    }

    private static PipeConfig pipe() {
        return PipeConfig.defaults().toBuilder().dnsTimeout(Duration.ofMillis(300)).build();
    }

    private Discovery watcher(String ownName, DiscoveryConfig config, List<String> seeds) throws Exception {
        Discovery d = new Discovery(config, () -> ownName, List.of(new SeedSource(seeds, pipe())));
        d.addListener(LoopbackDiscovery.recordingInto(news));
        open.add(d);
        d.start();
        return d;
    }

    private DiscoveryConfig seedsOnly() {
        return config(port).enabled(false).continuous(true).build();
    }

    @Test
    void seedsListedByNameAndByAddressAreFoundAndTaggedSeed() throws Exception {
        ServerSocket byName = listener("127.0.0.1");
        ServerSocket byAddress = listener("127.0.0.1");
        ServerSocket v6 = listener("::1");
        Discovery d = watcher("127.0.0.1:1", seedsOnly(),
                List.of("localhost:" + byName.getLocalPort(), "127.0.0.1:" + byAddress.getLocalPort(),
                        "[::1]:" + v6.getLocalPort()));

        await().atMost(WAIT).until(() -> d.peers().size() == 3);
        assertThat(d.peers()).extracting(DiscoveredPeer::name).containsExactlyInAnyOrder(
                "127.0.0.1:" + byName.getLocalPort(), "127.0.0.1:" + byAddress.getLocalPort(),
                "[::1]:" + v6.getLocalPort());
        assertThat(d.peers()).allSatisfy(p -> {
            assertThat(p.sources()).containsExactly(PeerSource.SEED);
            assertThat(p.source()).isEqualTo("seed");
        });
        assertThat(d.isRunning()).as("seeds run rounds with broadcast off").isTrue();
        assertThat(d.responderAddress()).as("no responder when broadcast is off").isNull();
    }

    @Test
    void aPeerFoundByBroadcastAndAsASeedIsOnePeerWithBothTags() throws Exception {
        ServerSocket tcp = listener("127.0.0.1");
        String name = "127.0.0.1:" + tcp.getLocalPort();
        Discovery responder = new Discovery(config(port).build(), () -> name);
        open.add(responder);
        responder.start();
        Discovery d = watcher("127.0.0.1:2", config(port).continuous(true).build(), List.of(name));

        await().atMost(WAIT).until(() -> d.peers().size() == 1 && d.peers().get(0).sources().size() == 2);
        DiscoveredPeer peer = d.peers().get(0);
        assertThat(peer.name()).isEqualTo(name);
        assertThat(peer.sources()).containsExactly("broadcast", "seed");
        assertThat(news).containsExactly("+" + name);

        responder.close();
        await().atMost(WAIT).until(() -> d.peers().get(0).sources().equals(Set.of("seed")));
        assertThat(news).as("still found by its seed: not lost").containsExactly("+" + name);
    }

    @Test
    void aSeedThatStopsListeningIsLostAfterTheRounds() throws Exception {
        ServerSocket tcp = listener("127.0.0.1");
        String name = "127.0.0.1:" + tcp.getLocalPort();
        Discovery d = watcher("127.0.0.1:3", seedsOnly(), List.of(name));
        await().atMost(WAIT).until(() -> news.contains("+" + name));

        tcp.close();
        await().atMost(WAIT).until(() -> news.contains("-" + name));
        assertThat(d.peers()).isEmpty();
    }

    @Test
    void ownNameAndUnresolvableSeedsAreSkippedWithoutFailingTheRound() throws Exception {
        ServerSocket self = listener("127.0.0.1");
        ServerSocket other = listener("127.0.0.1");
        String own = "127.0.0.1:" + self.getLocalPort();
        int deadDns;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadDns = s.getLocalPort();
        }
        PipeConfig noAnswers = pipe().toBuilder()
                .dnsServers(List.of(new InetSocketAddress("127.0.0.1", deadDns))).build();
        SeedSource seeds = new SeedSource(List.of(own, "no-such-peer.invalid:4000",
                "127.0.0.1:" + other.getLocalPort()), noAnswers);

        assertThat(seeds.find(own).get()).containsExactly(new InetSocketAddress("127.0.0.1", other.getLocalPort()));
        assertThat(seeds.find(own).get()).as("again: logged once, still skipped").hasSize(1);
    }

    @Test
    void aTagIsDroppedAfterItsSourceMissedTheRoundsAndThePeerLostWhenNoneIsLeft() {
        PeerTracker tracker = new PeerTracker(2, 10);
        InetSocketAddress a = new InetSocketAddress("10.0.0.1", 1);
        PeerTracker.Sighting byBroadcast = new PeerTracker.Sighting("10.0.0.1:1", a, PeerSource.BROADCAST);
        PeerTracker.Sighting bySeed = new PeerTracker.Sighting("10.0.0.1:1", a, PeerSource.SEED);
        Set<String> both = Set.of(PeerSource.BROADCAST, PeerSource.SEED);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(tracker.round(List.of(byBroadcast, bySeed), both, t0)).singleElement()
                .satisfies(c -> assertThat(c.peer().sources()).containsExactly("broadcast", "seed"));
        assertThat(tracker.round(List.of(bySeed), both, t0.plusSeconds(1))).isEmpty();
        assertThat(tracker.round(List.of(bySeed), Set.of(PeerSource.SEED), t0.plusSeconds(2)))
                .as("a round broadcast did not run does not count against it").isEmpty();
        assertThat(tracker.peers().get(0).sources()).containsExactly("broadcast", "seed");
        assertThat(tracker.round(List.of(bySeed), both, t0.plusSeconds(3))).isEmpty();
        assertThat(tracker.peers().get(0).sources()).containsExactly("seed");
        assertThat(tracker.peers().get(0).lastSeen()).isEqualTo(t0.plusSeconds(3));
        assertThat(tracker.round(List.of(), both, t0.plusSeconds(4))).isEmpty();
        assertThat(tracker.round(List.of(), both, t0.plusSeconds(5))).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(PeerTracker.Kind.LOST);
                    assertThat(c.peer().source()).isEqualTo("seed");
                    assertThat(c.peer().lastSeen()).isEqualTo(t0.plusSeconds(3));
                });
    }

    @Test
    void theOldConstructorTagsBroadcast() {
        Instant now = Instant.now();
        DiscoveredPeer p = new DiscoveredPeer("10.0.0.1:1", new InetSocketAddress("10.0.0.1", 1), now, now);
        assertThat(p.sources()).containsExactly("broadcast");
    }

    @Test
    void badSeedsAreRefusedWithTheSeedQuoted() {
        for (String bad : List.of("localhost", "localhost:", ":80", "host:0", "host:65536", "::1:80", "host:8x")) {
            assertThatThrownBy(() -> new SeedSource(List.of(bad), PipeConfig.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("seed: ").hasMessageContaining(bad);
        }
        assertThat(new SeedSource(List.of(" [::1]:5000 "), PipeConfig.defaults()).seeds()).containsExactly("[::1]:5000");
    }

    @Test
    void roundNowRunsARoundBetweenIntervalsAndAsksMadeWhileOneWaitsAreOne() throws Exception {
        List<InetSocketAddress> listed = new CopyOnWriteArrayList<>();
        List<Instant> asked = new CopyOnWriteArrayList<>();
        CompletableFuture<List<InetSocketAddress>> held = new CompletableFuture<>();
        PeerSource registry = new PeerSource() {
            @Override
            public String kind() {
                return "registry";
            }

            @Override
            public CompletableFuture<List<InetSocketAddress>> find(String ownName) {
                asked.add(Instant.now());
                // the third round waits on the test, so that the asks below come while it runs
                return asked.size() == 3 ? held : CompletableFuture.completedFuture(List.copyOf(listed));
            }
        };
        Discovery d = new Discovery(config(port).enabled(false).continuous(true).interval(Duration.ofHours(1)).build(),
                () -> "127.0.0.1:1", List.of(registry));
        d.addListener(LoopbackDiscovery.recordingInto(news));
        open.add(d);
        d.roundNow(); // before start: no rounds run, nothing asked
        d.start();
        await().atMost(WAIT).until(() -> asked.size() == 1); // the first round, at start

        listed.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001));
        d.roundNow();
        await().atMost(WAIT).until(() -> d.peers().size() == 1);
        assertThat(d.peers().get(0).sources()).containsExactly("registry");
        assertThat(asked).hasSize(2);

        d.roundNow();
        await().atMost(WAIT).until(() -> asked.size() == 3); // running, held
        for (int i = 0; i < 50; i++) {
            d.roundNow();
        }
        held.complete(List.copyOf(listed));
        await().atMost(WAIT).until(() -> asked.size() == 4);
        await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);
        assertThat(asked).as("50 asks while one round ran: one more round, not 50").hasSize(4);
    }
}
