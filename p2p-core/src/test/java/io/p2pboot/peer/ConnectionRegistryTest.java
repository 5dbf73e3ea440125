package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.protocol.DataType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's slots and its rules for a name: real connections between peers on loopback,
 * listed in a registry of the test's own (a {@link Connection} cannot be made without a pipe).
 */
class ConnectionRegistryTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<AutoCloseable> open = new ArrayList<>();

    private Peer start(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        open.add(p);
        return p.start();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static ConnectionRegistry registry(int maxConnections) {
        return new ConnectionRegistry(maxConnections, () -> "127.0.0.1:1");
    }

    private static Offer offer(String name, String fromIp) {
        return new Offer(name, new InetSocketAddress(fromIp, 50000), DataType.JSON, true, false, OptionalInt.empty());
    }

    /** A connection that {@code dialler} dialled to a new peer listening on {@code ip}: named by that peer. */
    private Connection dialled(Peer dialler, String ip) throws Exception {
        return dialler.connect(start(PeerConfig.builder().address(ip)).name());
    }

    // ---- slots

    @Test
    void slotsAreBoundByMaxConnectionsAndOnlyAReservedOneIsReleased() {
        ConnectionRegistry registry = registry(2);
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isFalse();

        registry.released(false);
        assertThat(registry.reserve()).isFalse();
        registry.released(true);
        assertThat(registry.slotsUsed()).isEqualTo(1);
        assertThat(registry.reserve()).isTrue();
    }

    @Test
    void zeroMaxConnectionsBoundsNothing() {
        ConnectionRegistry registry = registry(0);
        int reserved = 0;
        while (reserved < 10_000 && registry.reserve()) {
            reserved++;
        }
        assertThat(reserved).isEqualTo(10_000);
    }

    @Test
    void anEndedConnectionFreesItsSlotAndItsName() throws Exception {
        Connection c = dialled(start(PeerConfig.builder()), "127.0.0.1");
        ConnectionRegistry registry = registry(1);
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.register(c, false)).isTrue();
        assertThat(registry.connection(c.peerName())).containsSame(c);
        assertThat(registry.connections()).containsOnlyKeys(c.peerName());

        registry.connectionEnded(c);

        assertThat(registry.slotsUsed()).isZero();
        assertThat(registry.connections()).isEmpty();
        assertThat(registry.reserve()).isTrue();
    }

    @Test
    void aDiallingPeerHoldsASlotPerConnectionUntilItEnds() throws Exception {
        Peer bob = start(PeerConfig.builder().maxConnections(1));
        Connection first = dialled(bob, "127.0.0.1");
        Peer carol = start(PeerConfig.builder());
        assertThatThrownBy(() -> bob.connect(carol.name()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max connections (1)");

        first.close();
        await().atMost(WAIT).until(() -> bob.connections().isEmpty());
        assertThat(bob.connect(carol.name()).isOpen()).isTrue();
    }

    // ---- names

    @Test
    void aClosedConnectionIsNotListed() throws Exception {
        Connection c = dialled(start(PeerConfig.builder()), "127.0.0.1");
        c.close();
        ConnectionRegistry registry = registry(0);
        assertThat(registry.register(c, false)).isFalse();
        assertThat(registry.connections()).isEmpty();
    }

    @Test
    void anOfferIsAdmittedUnlessALiveConnectionOfItsNameComesFromAnotherIp() throws Exception {
        Connection c = dialled(start(PeerConfig.builder()), "127.0.0.1");
        ConnectionRegistry registry = registry(0);
        assertThat(registry.register(c, true)).isTrue();

        assertThat(registry.admits(offer(c.peerName(), "127.0.0.2"))).isFalse();
        assertThat(registry.admits(offer(c.peerName(), "127.0.0.1"))).isTrue();
        assertThat(registry.admits(offer("127.0.0.2:41000", "127.0.0.2"))).isTrue();

        c.close();
        assertThat(registry.admits(offer(c.peerName(), "127.0.0.2"))).isTrue();
    }

    @Test
    void aConnectionFromTheSameIpReplacesTheLiveOneAndTheOldOnesEndLeavesTheNameAlone() throws Exception {
        // Two peers dial one listener: two connections of one name, from one IP.
        Connection fromAlice = dialled(start(PeerConfig.builder()), "127.0.0.1");
        Connection fromCarol = start(PeerConfig.builder()).connect(fromAlice.peerName());
        ConnectionRegistry registry = registry(0);

        assertThat(registry.register(fromAlice, true)).isTrue();
        assertThat(registry.register(fromCarol, true)).isTrue();

        assertThat(registry.connection(fromAlice.peerName())).containsSame(fromCarol);
        await().atMost(WAIT).until(() -> !fromAlice.isOpen());
        registry.connectionEnded(fromAlice);
        assertThat(registry.connection(fromAlice.peerName())).containsSame(fromCarol);
    }

    /**
     * Connections of one name from different IPs: over loopback, a name may be this machine's
     * own address (as a Python peer gives it), so peers that claim it from 127.0.0.1, 127.0.0.2
     * and 127.0.0.3 are all accepted, each by a listener of its own.
     */
    @Test
    void anAcceptedConnectionFromAnotherIpIsClosedButADialledOneReplacesTheLiveOne() throws Exception {
        Optional<InetAddress> own = PeerIdentityTest.ownNonLoopbackIpv4();
        assumeThat(own).as("a non-loopback IPv4 address on this machine").isPresent();
        String name = own.get().getHostAddress() + ":41000";
        Connection first = claimedFrom("127.0.0.1", name);
        Connection second = claimedFrom("127.0.0.2", name);
        Connection third = claimedFrom("127.0.0.3", name);
        ConnectionRegistry registry = registry(0);

        assertThat(registry.register(first, true)).isTrue();
        assertThat(registry.register(second, true)).isFalse();
        await().atMost(WAIT).until(() -> !second.isOpen());
        assertThat(first.isOpen()).isTrue();
        assertThat(registry.connection(name)).containsSame(first);

        assertThat(registry.register(third, false)).isTrue();
        await().atMost(WAIT).until(() -> !first.isOpen());
        assertThat(registry.connection(name)).containsSame(third);
    }

    /** The connection a new listener accepted from a hand-driven peer at {@code fromIp} that names itself {@code name}. */
    private Connection claimedFrom(String fromIp, String name) throws Exception {
        Peer listener = start(PeerConfig.builder());
        RawPeer raw = new RawPeer(listener.address(), InetAddress.getByName(fromIp));
        open.add(0, raw);
        raw.sendHeader("HELLO|peer_name=" + name + "&data_type=json&strict=True");
        assertThat(raw.readHeader()).isEqualTo("ACCEPT");
        await().atMost(WAIT).until(() -> listener.connection(name).isPresent());
        return listener.connection(name).orElseThrow();
    }
}
