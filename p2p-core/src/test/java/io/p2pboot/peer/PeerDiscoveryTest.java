package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveryConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Discovery as events of the peer, on one host through 127.255.255.255. */
class PeerDiscoveryTest {

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static PeerConfig withDiscovery(int port) {
        return PeerConfig.builder().discovery(DiscoveryConfig.builder().port(port)
                .broadcastAddresses("127.255.255.255").quietPeriod(Duration.ofMillis(500))
                .window(Duration.ofSeconds(1)).interval(Duration.ofMillis(300)).lostAfterRounds(2)
                .replyRate(100, 100).build()).build();
    }

    @Test
    void peersFindEachOtherAndReportDiscoveredAndLost() throws Exception {
        int port = freeUdpPort();
        List<String> discovered = new CopyOnWriteArrayList<>();
        List<String> lost = new CopyOnWriteArrayList<>();
        try (Peer alice = Peer.create(withDiscovery(port))
                .onPeerDiscovered((p, found) -> discovered.add(found.name()))
                .onPeerLost((p, gone) -> lost.add(gone.name())).start()) {
            Peer bob = Peer.create(withDiscovery(port)).start();
            assertThat(alice.discover()).contains(bob.name()).doesNotContain(alice.name());
            await().atMost(Duration.ofSeconds(10)).until(() -> discovered.contains(bob.name()));
            assertThat(alice.discoveredPeers()).extracting(d -> d.name()).contains(bob.name());

            bob.setInvisible(true);
            assertThat(bob.isInvisible()).isTrue();
            assertThat(alice.discover()).doesNotContain(bob.name());
            bob.setInvisible(false);
            assertThat(alice.discover()).contains(bob.name());

            bob.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> lost.contains(bob.name()));
        }
    }

    @Test
    void aPeerWithoutDiscoveryConfiguredSaysSo() throws Exception {
        try (Peer plain = Peer.create(PeerConfig.builder().build()).start()) {
            assertThatThrownBy(plain::discover).hasMessageContaining("discovery is not configured");
            assertThat(plain.discoveredPeers()).isEmpty();
        }
    }
}
