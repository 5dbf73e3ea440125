package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.DnsSource;
import io.p2pboot.discovery.DnsmasqProcess;
import io.p2pboot.pipe.PipeConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A peer whose only source is a DNS SRV name (dnsmasq on loopback) finds a real peer listed there, tagged dns. */
class PeerDnsTest {

    private static final String SRV = "_p2p._tcp.p2p.test";

    @Test
    void aPeerListedUnderAnSrvNameIsFoundTaggedDnsAndLostWhenItsRecordGoes() throws Exception {
        int alicePort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            alicePort = free.getLocalPort();
        }
        try (Peer bob = Peer.create(PeerConfig.builder().build()).start();
             DnsmasqProcess dns = DnsmasqProcess.start(List.of(
                     "--srv-host=" + SRV + ",bob.p2p.test," + bob.address().getPort(),
                     "--srv-host=" + SRV + ",alice.p2p.test," + alicePort,   // alice herself: skipped
                     "--host-record=bob.p2p.test,127.0.0.1", "--host-record=alice.p2p.test,127.0.0.1"))) {
            List<DiscoveredPeer> found = new CopyOnWriteArrayList<>();
            List<DiscoveredPeer> lost = new CopyOnWriteArrayList<>();
            PipeConfig askDnsmasq = PipeConfig.defaults().toBuilder().dnsTimeout(Duration.ofMillis(500))
                    .dnsServers(List.of(dns.address())).build();
            PeerConfig config = PeerConfig.builder().port(alicePort)
                    .sources(List.of(new DnsSource(List.of(SRV), 0, Duration.ofMillis(200), askDnsmasq)))
                    .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(100))
                            .lostAfterRounds(2).build())
                    .build();
            try (Peer alice = Peer.create(config).onPeerDiscovered((p, d) -> found.add(d))
                    .onPeerLost((p, d) -> lost.add(d)).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !found.isEmpty());
                assertThat(found).singleElement().satisfies(d -> {
                    assertThat(d.name()).isEqualTo(bob.name());
                    assertThat(d.source()).isEqualTo("dns");
                });
                assertThat(alice.discoveredPeers()).extracting(DiscoveredPeer::name).containsExactly(bob.name());
                assertThat(alice.connect(bob.name()).peerName()).as("the peer found is a real one").isEqualTo(bob.name());

                dns.restart(List.of("--srv-host=" + SRV + ",alice.p2p.test," + alicePort,
                        "--host-record=alice.p2p.test,127.0.0.1"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
                assertThat(lost).singleElement().extracting(DiscoveredPeer::name).isEqualTo(bob.name());
                assertThat(alice.discoveredPeers()).isEmpty();
            }
        }
    }
}
