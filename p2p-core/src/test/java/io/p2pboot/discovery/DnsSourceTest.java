package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.PipeConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DnsSource} against a real DNS server on loopback (dnsmasq) with the test's own records. */
class DnsSourceTest {

    private static final String SRV = "_p2p._tcp.p2p.test";
    private static final Duration DNS_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LONG = Duration.ofHours(1);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> news = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private DnsmasqProcess dnsmasq(String... records) throws Exception {
        DnsmasqProcess dns = DnsmasqProcess.start(List.of(records));
        open.add(dns);
        return dns;
    }

    private static PipeConfig askingOnly(InetSocketAddress server) {
        return PipeConfig.defaults().toBuilder().dnsTimeout(DNS_TIMEOUT).dnsServers(List.of(server)).build();
    }

    private static DnsSource source(DnsmasqProcess dns, int port, Duration interval, String... names) {
        return new DnsSource(List.of(names), port, interval, askingOnly(dns.address()));
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    /** Rounds every 100 ms on the DNS source alone, a peer lost after 2 rounds without it. */
    private Discovery rounds(DnsSource source, String ownName) throws Exception {
        Discovery d = new Discovery(LoopbackDiscovery.config(LoopbackDiscovery.freePort()).enabled(false)
                .continuous(true).interval(Duration.ofMillis(100)).build(), () -> ownName, List.of(source));
        d.addListener(LoopbackDiscovery.recordingInto(news));
        open.add(d);
        d.start();
        return d;
    }

    @Test
    void srvRecordsGivePeersAtTheirTargetsAddressesAndPortsTaggedDns() throws Exception {
        DnsmasqProcess dns = dnsmasq(
                "--srv-host=" + SRV + ",a.p2p.test,5001", "--srv-host=" + SRV + ",b.p2p.test,5002,10,5",
                "--host-record=a.p2p.test,127.0.0.1", "--host-record=b.p2p.test,127.0.0.2,::1");
        Discovery d = rounds(source(dns, 0, LONG, SRV), "127.0.0.1:1");

        await().atMost(WAIT).until(() -> d.peers().size() == 3);
        assertThat(d.peers()).extracting(DiscoveredPeer::name)
                .containsExactlyInAnyOrder("127.0.0.1:5001", "127.0.0.2:5002", "[::1]:5002");
        assertThat(d.peers()).allSatisfy(p -> assertThat(p.sources()).containsExactly(PeerSource.DNS));
        assertThat(d.isRunning()).as("a DNS source runs rounds with broadcast off").isTrue();
    }

    @Test
    void addressNamesGiveEachAddressOnTheConfiguredPortAndTheOwnNameIsLeftOut() throws Exception {
        DnsmasqProcess dns = dnsmasq("--host-record=peers.p2p.test,127.0.0.1", "--host-record=peers.p2p.test,127.0.0.2",
                "--host-record=peers.p2p.test,::1", "--host-record=other.p2p.test,127.0.0.3");
        DnsSource source = source(dns, 7000, LONG, "peers.p2p.test", "OTHER.p2p.test.");

        assertThat(source.find(null).get()).containsExactlyInAnyOrder(at("127.0.0.1", 7000),
                at("127.0.0.2", 7000), at("::1", 7000), at("127.0.0.3", 7000));
        assertThat(source.find("127.0.0.2:7000").get()).as("this peer itself is skipped")
                .containsExactlyInAnyOrder(at("127.0.0.1", 7000), at("::1", 7000), at("127.0.0.3", 7000));
        assertThat(source.names()).containsExactly("peers.p2p.test", "other.p2p.test.");
    }

    @Test
    void aChangedRecordIsFollowedAtTheNextLookupAndTheOldPeerLost() throws Exception {
        DnsmasqProcess dns = dnsmasq("--local-ttl=3600", "--srv-host=" + SRV + ",a.p2p.test,5001",
                "--host-record=a.p2p.test,127.0.0.1,3600");
        rounds(source(dns, 0, Duration.ofMillis(300), SRV), "127.0.0.1:1");
        await().atMost(WAIT).until(() -> news.contains("+127.0.0.1:5001"));

        dns.restart(List.of("--local-ttl=3600", "--srv-host=" + SRV + ",a.p2p.test,5001",
                "--srv-host=" + SRV + ",b.p2p.test,5002", "--host-record=a.p2p.test,127.0.0.3,3600",
                "--host-record=b.p2p.test,127.0.0.4,3600"));
        await().atMost(WAIT).until(() -> news.containsAll(List.of("+127.0.0.3:5001", "+127.0.0.4:5002",
                "-127.0.0.1:5001")));
        assertThat(news).as("the interval, not the 1 h TTL, bounded the answer").hasSize(4);
    }

    @Test
    void anAnswerIsKeptUntilTheShortestTtlOfItsRecordsRunsOut() throws Exception {
        // The SRV record is held 1 h, its target's address 1 s; the other name's address 1 h.
        DnsmasqProcess dns = dnsmasq("--local-ttl=3600", "--srv-host=" + SRV + ",a.p2p.test,5001",
                "--host-record=a.p2p.test,127.0.0.1,1", "--host-record=b.p2p.test,127.0.0.2,3600");
        DnsSource source = source(dns, 6000, LONG, SRV, "b.p2p.test");
        assertThat(source.find(null).get()).containsExactly(at("127.0.0.1", 5001), at("127.0.0.2", 6000));
        for (int i = 0; i < 5; i++) {
            source.find(null).get();
        }
        // (the SRV name's answer holds 1 s only: on a slow machine these rounds may outlast it)
        assertThat(dns.queries("A", "b.p2p.test")).as("answered from the last lookup while it holds").isEqualTo(1);

        dns.restart(List.of("--local-ttl=3600", "--srv-host=" + SRV + ",a.p2p.test,5001",
                "--host-record=a.p2p.test,127.0.0.3,1", "--host-record=b.p2p.test,127.0.0.4,3600"));
        long changed = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> source.find(null).get().contains(at("127.0.0.3", 5001)));
        long followedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
        assertThat(followedMs).as("looked up again once the 1 s TTL ran out").isLessThan(2_500);
        assertThat(source.find(null).get()).as("the 1 h TTL still holds the other name's old answer")
                .containsExactly(at("127.0.0.3", 5001), at("127.0.0.2", 6000));
        assertThat(dns.queries("A", "b.p2p.test")).isZero();
    }

    @Test
    void aZeroTtlIsLookedUpEveryRound() throws Exception {
        DnsmasqProcess dns = dnsmasq("--host-record=a.p2p.test,127.0.0.1"); // dnsmasq's own TTL: 0
        DnsSource source = source(dns, 6000, LONG, "a.p2p.test");
        for (int i = 0; i < 3; i++) {
            assertThat(source.find(null).get()).containsExactly(at("127.0.0.1", 6000));
        }
        assertThat(dns.queries("A", "a.p2p.test")).isEqualTo(3);
    }

    @Test
    void aServerThatDoesNotAnswerFindsNothingWithinTheDnsTimeoutAndNothingIsThrown() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsSource source = new DnsSource(List.of(SRV, "a.p2p.test"), 6000, LONG,
                    askingOnly((InetSocketAddress) silent.getLocalSocketAddress()));
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                List<InetSocketAddress> found = source.find(null).get(source.limit().toMillis(), TimeUnit.MILLISECONDS);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(found).isEmpty();
                assertThat(tookMs).as("bounded by dns_timeout (500 ms), within the source's limit")
                        .isBetween(400L, source.limit().toMillis());
            }
        }
    }

    @Test
    void aStoppedServerLosesItsPeersAfterTheRoundsAndTheRoundsGoOn() throws Exception {
        DnsmasqProcess dns = dnsmasq("--host-record=a.p2p.test,127.0.0.1");
        Discovery d = rounds(source(dns, 6000, LONG, "a.p2p.test"), "127.0.0.1:1");
        await().atMost(WAIT).until(() -> news.contains("+127.0.0.1:6000"));

        dns.stop();
        await().atMost(WAIT).until(() -> news.contains("-127.0.0.1:6000"));
        assertThat(d.isRunning()).isTrue();

        dns.restart(List.of("--host-record=a.p2p.test,127.0.0.1"));
        await().atMost(WAIT).until(() -> news.size() == 3);
        assertThat(news).containsExactly("+127.0.0.1:6000", "-127.0.0.1:6000", "+127.0.0.1:6000");
    }

    @Test
    void namesThatDoNotResolveAreSkippedAndTheOthersFound() throws Exception {
        DnsmasqProcess dns = dnsmasq("--srv-host=" + SRV + ",a.p2p.test,5001", "--srv-host=" + SRV + ",gone.p2p.test,5002",
                "--srv-host=" + SRV + ",,5003", // an empty target: not offered there
                "--host-record=a.p2p.test,127.0.0.1", "--host-record=b.p2p.test,127.0.0.2");
        DnsSource source = source(dns, 6000, LONG, SRV, "b.p2p.test", "nothing.p2p.test", "_none._tcp.p2p.test");

        assertThat(source.find(null).get()).containsExactly(at("127.0.0.1", 5001), at("127.0.0.2", 6000));
        assertThat(source.find(null).get()).as("again: still skipped").hasSize(2);
        assertThat(dns.queries("A", "gone.p2p.test")).as("a name with a problem is asked again").isEqualTo(2);
    }

    @Test
    void manySrvRecordsComeOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        List<String> records = new ArrayList<>(List.of("--edns-packet-max=512", "--host-record=a.p2p.test,127.0.0.1"));
        List<InetSocketAddress> expected = new ArrayList<>();
        for (int port = 5001; port <= 5060; port++) {
            records.add("--srv-host=" + SRV + ",a.p2p.test," + port);
            expected.add(at("127.0.0.1", port));
        }
        DnsmasqProcess dns = dnsmasq(records.toArray(new String[0]));

        assertThat(source(dns, 0, LONG, SRV).find(null).get()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(dns.queries("SRV", SRV)).as("over UDP, truncated, then over TCP").isEqualTo(2);
    }

    @Test
    void badNamesAndAnAddressNameWithoutAPortAreRefused() {
        PipeConfig pipe = PipeConfig.defaults();
        for (String bad : List.of("", " ", "10.0.0.1", "::1", "peers.example:5000", "a..b", "bad name.example",
                "x".repeat(64) + ".example", "é.example")) {
            assertThatThrownBy(() -> new DnsSource(List.of(bad), 5000, LONG, pipe), bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DNS name");
        }
        assertThatThrownBy(() -> new DnsSource(List.of(SRV, "peers.example"), 0, LONG, pipe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS name peers.example is an A/AAAA name and needs a port (SRV names, starting with '_',"
                        + " carry their own)");
        assertThatThrownBy(() -> new DnsSource(List.of(), 0, LONG, pipe)).hasMessageContaining("no DNS name");
        assertThatThrownBy(() -> new DnsSource(List.of(SRV), 70000, LONG, pipe)).hasMessageContaining("70000");
        assertThatThrownBy(() -> new DnsSource(List.of(SRV), 0, Duration.ZERO, pipe)).hasMessageContaining("interval");
        assertThat(new DnsSource(List.of(SRV), 0, LONG, pipe).kind()).isEqualTo("dns");
    }
}
