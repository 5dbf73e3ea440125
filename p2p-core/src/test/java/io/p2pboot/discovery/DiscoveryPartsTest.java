package io.p2pboot.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure parts: name parsing, reply buckets, the peer memory of continuous discovery. */
class DiscoveryPartsTest {

    @Test
    void endpointsAreStrictIpv4WithAPort() {
        assertThat(Ipv4Endpoint.parse("10.0.0.7:1024")).hasToString("/10.0.0.7:1024");
        assertThat(Ipv4Endpoint.parse("255.255.255.255:65535")).isNotNull(); // parsed only, never sent to
        for (String bad : new String[] {null, "", ":", "10.0.0.7", "10.0.0.7:", "10.0.0.7:0", "10.0.0.7:65536",
            "10.0.0.256:1", "10.0.0:1", "10.0.0.7.1:1", "010.0.0.7:1", "10.0.0.7:01", "a.b.c.d:1", "host:80",
            "::1:80", "[::1]:80", "[::ffff:10.0.0.7]:1", "10.0.0.7:1:2", "10.0.0.7 :1", "+1.0.0.7:1", "1.0.0.7:+1", "99999999999.0.0.1:1"}) {
            assertThat(Ipv4Endpoint.parse(bad)).as(String.valueOf(bad)).isNull();
        }
    }

    @Test
    void replyBucketsRefillAtTheirRateAndAreKeptPerSource() throws Exception {
        AtomicLong now = new AtomicLong();
        ReplyLimiter limiter = new ReplyLimiter(2, 3, 1, 5, 2, now::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        InetAddress c = InetAddress.getByName("10.0.0.3");
        assertThat(take(limiter, a, 10)).isEqualTo(3);
        now.addAndGet(500_000_000L);
        assertThat(take(limiter, a, 10)).as("2/s for half a second").isEqualTo(1);
        assertThat(take(limiter, b, 10)).as("the global bucket has 1 left of 5").isEqualTo(1);
        now.addAndGet(10_000_000_000L);
        assertThat(take(limiter, a, 10)).as("a full bucket holds the burst only").isEqualTo(3);
        assertThat(take(limiter, c, 1)).isEqualTo(1);
        assertThat(take(limiter, b, 1)).as("b was forgotten (2 sources at most): a fresh bucket").isEqualTo(1);
    }

    private static int take(ReplyLimiter limiter, InetAddress source, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(source)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void aPeerIsLostAfterMissingTheConfiguredRoundsInARow() {
        PeerTracker tracker = new PeerTracker(2, 10);
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<PeerTracker.Change> first = tracker.round(List.of("10.0.0.1:1", "10.0.0.2:2"), t0);
        assertThat(first).allMatch(PeerTracker.Change::discovered).hasSize(2);

        assertThat(tracker.round(List.of("10.0.0.1:1"), t0.plusSeconds(1))).isEmpty();
        assertThat(tracker.round(List.of("10.0.0.1:1", "10.0.0.2:2"), t0.plusSeconds(2))).as("back in time").isEmpty();
        assertThat(tracker.round(List.of("10.0.0.1:1"), t0.plusSeconds(3))).isEmpty();
        List<PeerTracker.Change> lost = tracker.round(List.of("10.0.0.1:1"), t0.plusSeconds(4));
        assertThat(lost).singleElement().satisfies(c -> {
            assertThat(c.discovered()).isFalse();
            assertThat(c.peer().name()).isEqualTo("10.0.0.2:2");
            assertThat(c.peer().lastSeen()).isEqualTo(t0.plusSeconds(2));
        });
        assertThat(tracker.peers()).singleElement().satisfies(p -> {
            assertThat(p.firstSeen()).isEqualTo(t0);
            assertThat(p.lastSeen()).isEqualTo(t0.plusSeconds(4));
            assertThat(p.address().getPort()).isEqualTo(1);
        });
        assertThat(tracker.round(List.of("10.0.0.2:2"), t0.plusSeconds(5)))
                .singleElement().matches(PeerTracker.Change::discovered);
    }

    @Test
    void aFullTrackerIgnoresNewNamesUntilKnownPeersAreLost() {
        PeerTracker tracker = new PeerTracker(2, 2);
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<PeerTracker.Change> first = tracker.round(List.of("10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3"), t0);
        assertThat(first).extracting(PeerTracker.Change::kind, c -> c.peer().name()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PeerTracker.Kind.DISCOVERED, "10.0.0.1:1"),
                org.assertj.core.groups.Tuple.tuple(PeerTracker.Kind.DISCOVERED, "10.0.0.2:2"),
                org.assertj.core.groups.Tuple.tuple(PeerTracker.Kind.IGNORED, "10.0.0.3:3"));

        assertThat(tracker.round(List.of("10.0.0.4:4", "10.0.0.5:5", "10.0.0.1:1"), t0.plusSeconds(1)))
                .as("new names never push a known peer out").extracting(PeerTracker.Change::kind)
                .containsExactly(PeerTracker.Kind.IGNORED, PeerTracker.Kind.IGNORED);
        assertThat(tracker.peers()).extracting(DiscoveredPeer::name).containsExactly("10.0.0.1:1", "10.0.0.2:2");

        List<PeerTracker.Change> third = tracker.round(List.of("10.0.0.4:4", "10.0.0.1:1"), t0.plusSeconds(2));
        assertThat(third).extracting(PeerTracker.Change::kind, c -> c.peer().name()).as("a lost peer makes room")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PeerTracker.Kind.LOST, "10.0.0.2:2"),
                        org.assertj.core.groups.Tuple.tuple(PeerTracker.Kind.DISCOVERED, "10.0.0.4:4"));
        assertThat(tracker.peers()).hasSize(2);
    }

    @Test
    void peerNewsIsLoggedAtMostSoManyLinesAPeriodThenSummed() {
        AtomicLong now = new AtomicLong();
        List<String> lines = new java.util.ArrayList<>();
        PeerNewsLog log = new PeerNewsLog(3, java.time.Duration.ofSeconds(60), now::get, lines::add,
                line -> lines.add("WARN " + line));
        for (int i = 1; i <= 1000; i++) {
            log.discovered("10.0.0." + (i % 250 + 1) + ":" + i);
        }
        log.lost("10.0.0.1:1");
        log.ignored(5000, 256);
        log.tick();
        assertThat(lines).containsExactly("discovered peer 10.0.0.2:1", "discovered peer 10.0.0.3:2",
                "discovered peer 10.0.0.4:3");

        now.addAndGet(60_000_000_000L);
        log.tick();
        assertThat(lines).hasSize(4).last().isEqualTo("WARN … and 5998 more discovery events not logged in the"
                + " last 60 s: 997 discovered, 1 lost, 5000 names ignored");
        log.ignored(7, 256);
        assertThat(lines).hasSize(5).last().asString().startsWith("WARN ignored 7 new peer name(s): 256 peers");
        now.addAndGet(60_000_000_000L);
        log.tick();
        assertThat(lines).as("nothing left out: no summary").hasSize(5);
    }

    @org.junit.jupiter.api.Test
    void theResponderRepliesOnlyToUnicastPingersWithoutSendingAnything() throws Exception {
        DiscoveryResponder responder = new DiscoveryResponder(DiscoveryConfig.builder()
                .broadcastAddresses("127.255.255.255").build(), () -> "127.0.0.1:5000", () -> true,
                new DiscoveryCounters());
        // Checked, never sent to: the responder is not opened here.
        String limitedBroadcast = "255.255.255.255"; // must not be answered
        for (String refused : new String[] {limitedBroadcast, "224.0.0.1", "239.1.2.3", "0.0.0.0", "127.255.255.255"}) {
            org.assertj.core.api.Assertions.assertThat(responder.mayReplyTo(
                    new java.net.InetSocketAddress(java.net.InetAddress.getByName(refused), 80))).as(refused).isFalse();
        }
        org.assertj.core.api.Assertions.assertThat(responder.mayReplyTo(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 80))).isTrue();
    }
}
