package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.pipe.PipeConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A peer whose only source is a seed finds a real peer, and the seed's probe never reaches its handlers. */
class PeerSeedsTest {

    @Test
    void aSeedPeerIsFoundTaggedSeedAndLostWhenItStops() throws Exception {
        AtomicInteger offers = new AtomicInteger();
        Peer bob = Peer.create(PeerConfig.builder().build()).onOffer((p, offer) -> {
            offers.incrementAndGet();
            return true;
        }).onConnection((p, c) -> offers.incrementAndGet()).start();
        List<DiscoveredPeer> found = new CopyOnWriteArrayList<>();
        List<DiscoveredPeer> lost = new CopyOnWriteArrayList<>();
        PeerConfig config = PeerConfig.builder()
                .sources(List.of(new SeedSource(List.of(bob.name()), PipeConfig.defaults())))
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(200))
                        .lostAfterRounds(2).build())
                .build();
        try (Peer alice = Peer.create(config).onPeerDiscovered((p, d) -> found.add(d))
                .onPeerLost((p, d) -> lost.add(d)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !found.isEmpty());
            assertThat(found.get(0).name()).isEqualTo(bob.name());
            assertThat(found.get(0).source()).isEqualTo("seed");
            assertThat(alice.discoveredPeers()).extracting(DiscoveredPeer::name).containsExactly(bob.name());
            assertThat(offers).as("the probe closes before any handshake: no offer, no connection").hasValue(0);
            assertThat(bob.connections()).isEmpty();

            bob.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
            assertThat(lost.get(0).name()).isEqualTo(bob.name());
        } finally {
            bob.stop();
        }
    }

    @Test
    void sourcesWithoutDiscoverySettingsRunOnTheDefaultClockWithBroadcastOff() {
        Peer peer = Peer.create(PeerConfig.builder()
                .sources(List.of(new SeedSource(List.of("127.0.0.1:1"), PipeConfig.defaults()))).build());
        assertThat(peer.discovery()).hasValueSatisfying(d -> {
            assertThat(d.config().enabled()).isFalse();
            assertThat(d.sources()).hasSize(1);
        });
        assertThat(Peer.create(PeerConfig.builder().build()).discovery()).isEmpty();
    }
}
