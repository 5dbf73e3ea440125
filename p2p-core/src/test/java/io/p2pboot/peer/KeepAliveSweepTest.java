package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive on real sockets: one timer per event loop, whatever the number of connections. */
class KeepAliveSweepTest {

    private final List<RawPeer> clients = new ArrayList<>();
    private Peer bob;

    @AfterEach
    void stop() throws Exception {
        for (RawPeer c : clients) {
            c.close();
        }
        if (bob != null) {
            bob.stop();
        }
    }

    /** Hand-driven clients that say HELLO, each under a name of its own, until bob lists them all. */
    private void connectClients(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            RawPeer py = new RawPeer(bob.address());
            clients.add(py);
            py.sendHeader("HELLO|peer_name=127.0.0.1:" + (41000 + i) + "&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.connections().size() == n);
    }

    @Test
    void connectionsOnOneEventLoopShareItsSweepAndEachGetsItsPings() throws Exception {
        bob = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0)
                .keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ZERO).build()).start();
        connectClients(6);

        for (RawPeer py : clients) {
            assertThat(py.readHeader()).isEqualTo("PING|pinger=" + bob.name());
            assertThat(py.readHeader()).isEqualTo("PING|pinger=" + bob.name());
        }
        var loops = bob.connections().values().stream()
                .map(c -> c.pipe().channel().eventLoop()).collect(Collectors.toSet());
        assertThat(bob.keepAliveSweeps().keySet()).as("one sweep per event loop in use").isEqualTo(loops);
    }

    @Test
    void aSweepLeavesWithTheLastConnectionOfItsLoop() throws Exception {
        bob = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0)
                .keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ofSeconds(5)).build()).start();
        connectClients(3);
        assertThat(bob.keepAliveSweeps()).isNotEmpty();

        for (RawPeer py : clients) {
            py.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.connections().isEmpty());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(bob.keepAliveSweeps()).isEmpty());
    }
}
