package io.p2pboot.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.PipeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peers that find each other through seeds, on loopback, and a mesh on top that keeps them connected. */
class MeshTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0);

    final List<AutoCloseable> open = new ArrayList<>();
    final List<String> gaveUp = new CopyOnWriteArrayList<>();
    final List<Duration> reconnected = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A peer whose only source is the given seeds, checked every 100 ms, lost after 3 rounds. */
    private Peer peer(int port, List<String> seeds) throws Exception {
        PeerConfig.Builder config = PeerConfig.builder().port(port)
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(100)).lostAfterRounds(3).build());
        if (!seeds.isEmpty()) {
            config.sources(List.of(new SeedSource(seeds, PipeConfig.defaults())));
        }
        Peer peer = Peer.create(config.build());
        open.add(peer);
        return peer;
    }

    private Mesh mesh(Peer peer, MeshConfig config) {
        Mesh mesh = Mesh.attach(peer, config).addListener(new MeshListener() {
            @Override
            public void gaveUp(String peerName, int attempts, String reason) {
                MeshTest.this.gaveUp.add(peerName + ": " + reason);
            }

            @Override
            public void reconnected(String peerName, int attempts, Duration down) {
                MeshTest.this.reconnected.add(down);
            }
        });
        open.add(mesh);
        return mesh;
    }

    private static boolean connected(Peer a, Peer b) {
        return a.connection(b.name()).map(Connection::isOpen).orElse(false)
                && b.connection(a.name()).map(Connection::isOpen).orElse(false);
    }

    @Test
    void twoMeshPeersThatSeedEachOtherKeepOneConnection() throws Exception {
        Peer bob = peer(0, List.of()).start();
        Peer alice = peer(0, List.of(bob.name()));
        // Bob knows Alice only once she listens: his seeds are set before her port is known, so he
        // learns of her as she dials him. Both in the mesh; Alice's mesh does the dialling.
        Mesh aliceMesh = mesh(alice, MeshConfig.defaults().withBackoff(QUICK));
        alice.start();

        await().atMost(WAIT).until(() -> connected(alice, bob));
        await().atMost(WAIT).until(() -> aliceMesh.state().connected() == 1);
        assertThat(aliceMesh.state().wanted()).isEqualTo(1);
        assertThat(aliceMesh.state().retrying()).isEmpty();
        assertThat(alice.connections()).hasSize(1);
        assertThat(bob.connections()).hasSize(1);
    }

    @Test
    void aPeerThatRestartsOnItsPortIsDialledAgainWithinTheBackoffsBound() throws Exception {
        Peer bob = peer(0, List.of()).start();
        int port = bob.address().getPort();
        Peer alice = peer(0, List.of(bob.name()));
        Mesh mesh = mesh(alice, MeshConfig.defaults().withBackoff(QUICK));
        alice.start();
        await().atMost(WAIT).until(() -> connected(alice, bob));

        bob.stop();
        await().atMost(WAIT).until(() -> alice.connections().isEmpty());
        await().atMost(WAIT).until(() -> !mesh.state().retrying().isEmpty());
        assertThat(mesh.state().retrying().get(0).lastFailure()).isNotEmpty();
        // Lost by its seed meanwhile (3 rounds of 100 ms): the mesh keeps dialling within give-up-after.
        await().atMost(WAIT).until(() -> alice.discoveredPeers().isEmpty());
        assertThat(mesh.state().wanted()).isEqualTo(1);

        Peer bobAgain = peer(port, List.of()).start();
        long listening = System.nanoTime();
        await().atMost(WAIT).until(() -> connected(alice, bobAgain));
        Duration took = Duration.ofNanos(System.nanoTime() - listening);
        // The longest back-off (400 ms) plus its jitter, and one connect on loopback.
        assertThat(took).isLessThan(Duration.ofMillis(400 * 6 / 5 + 500));
        await().atMost(WAIT).until(() -> mesh.state().reconnects() == 1);
        assertThat(reconnected).hasSize(1);
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void aConnectionClosedHereIsNotDialledAgain() throws Exception {
        Peer bob = peer(0, List.of()).start();
        Peer alice = peer(0, List.of(bob.name()));
        Mesh mesh = mesh(alice, MeshConfig.defaults().withBackoff(QUICK));
        alice.start();
        await().atMost(WAIT).until(() -> connected(alice, bob));

        alice.connection(bob.name()).orElseThrow().close();
        await().atMost(WAIT).until(() -> mesh.state().wanted() == 0);
        // Several seed rounds and back-offs later, still no connection.
        await().pollDelay(Duration.ofMillis(600)).atMost(WAIT).until(() -> true);
        assertThat(alice.connections()).isEmpty();
        assertThat(bob.connections()).isEmpty();
    }

    @Test
    void aPeerThatDeniesIsGivenUpAndToldOnce() throws Exception {
        Peer bob = peer(0, List.of()).onOffer((p, offer) -> false).start();
        Peer alice = peer(0, List.of(bob.name()));
        Mesh mesh = mesh(alice, MeshConfig.defaults().withBackoff(QUICK));
        alice.start();

        await().atMost(WAIT).until(() -> !gaveUp.isEmpty());
        assertThat(gaveUp).containsExactly(bob.name() + ": it denied the offer");
        assertThat(mesh.state().wanted()).isZero();
        assertThat(mesh.state().gaveUp()).isEqualTo(1);
        assertThat(bob.deniedOffers()).isEqualTo(1);
    }

    @Test
    void aPeerItsSourcesLoseWhileUnreachableIsGivenUp() throws Exception {
        Peer bob = peer(0, List.of()).start();
        Peer alice = peer(0, List.of(bob.name()));
        mesh(alice, MeshConfig.defaults().withBackoff(QUICK).withGiveUpAfter(Duration.ofMillis(300)));
        alice.start();
        await().atMost(WAIT).until(() -> connected(alice, bob));

        bob.stop();
        await().atMost(WAIT).until(() -> !gaveUp.isEmpty());
        assertThat(gaveUp.get(0)).startsWith(bob.name() + ": its sources lost it, and it was unreachable for");
    }

    @Test
    void theFilterAndMaxPeersBoundWhomItDials() throws Exception {
        Peer bob = peer(0, List.of()).start();
        Peer carol = peer(0, List.of()).start();
        Peer dave = peer(0, List.of()).start();
        Peer alice = peer(0, List.of(bob.name(), carol.name(), dave.name()));
        String notDave = dave.name();
        Mesh mesh = mesh(alice, new MeshConfig(1, QUICK, Duration.ofMinutes(1), found -> !found.name().equals(notDave)));
        alice.start();

        await().atMost(WAIT).until(() -> alice.discoveredPeers().size() == 3);
        await().atMost(WAIT).until(() -> mesh.state().connected() == 1);
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertThat(alice.connections()).hasSize(1);
        assertThat(alice.connections().keySet()).doesNotContain(dave.name()).containsAnyOf(bob.name(), carol.name());
        assertThat(mesh.state().wanted()).isEqualTo(1);
    }
}
