package io.p2pboot.discovery;

import static io.p2pboot.discovery.LoopbackDiscovery.WAIT;
import static io.p2pboot.discovery.LoopbackDiscovery.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several discovery nodes in one JVM, sharing one port, find each other through 127.255.255.255. */
class DiscoveryOnOneHostTest {

    private final List<Discovery> nodes = new ArrayList<>();
    private int port;

    @BeforeEach
    void pickPort() {
        port = LoopbackDiscovery.freePort();
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(Discovery::close);
    }

    private Discovery node(String name, DiscoveryConfig config) throws Exception {
        Discovery d = new Discovery(config, () -> name);
        nodes.add(d);
        d.start();
        return d;
    }

    private Discovery node(String name) throws Exception {
        return node(name, config(port).build());
    }

    @Test
    void respondersOnOnePortAreFoundAndTheProbersOwnNameIsDropped() throws Exception {
        Discovery alice = node("127.0.0.1:41001");
        node("127.0.0.1:41002");
        node("127.0.0.1:41003");
        node("127.0.0.1:41004", config(port).invisible(true).build());

        assertThat(alice.probe()).containsExactlyInAnyOrder("127.0.0.1:41002", "127.0.0.1:41003");
        assertThat(alice.stats().pingsReceived()).isGreaterThanOrEqualTo(1);
        assertThat(alice.stats().pongsReceived()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aProberWithoutAResponderFindsThemToo() throws Exception {
        node("127.0.0.1:41002");
        node("127.0.0.1:41003");
        try (Discovery prober = new Discovery(config(port).build(), () -> null)) {
            assertThat(prober.probeAsync().get()).containsExactlyInAnyOrder("127.0.0.1:41002", "127.0.0.1:41003");
            assertThat(prober.isRunning()).isFalse();
        }
    }

    @Test
    void visibilityChangedWhileRunningTakesEffect() throws Exception {
        Discovery alice = node("127.0.0.1:41001");
        Discovery bob = node("127.0.0.1:41002");
        Discovery carol = node("127.0.0.1:41003", config(port).invisible(true).build());
        assertThat(alice.probe()).containsExactly("127.0.0.1:41002");

        carol.setVisible(true);
        bob.setVisible(false);
        assertThat(alice.probe()).containsExactly("127.0.0.1:41003");
        assertThat(bob.stats().notAnswered()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPeerThatIsNotListeningDoesNotAnswer() throws Exception {
        AtomicReference<String> listening = new AtomicReference<>();
        Discovery alice = node("127.0.0.1:41001");
        Discovery bob = new Discovery(config(port).build(), listening::get);
        nodes.add(bob);
        bob.start();
        assertThat(alice.probe()).isEmpty();

        listening.set("127.0.0.1:41002");
        assertThat(alice.probe()).containsExactly("127.0.0.1:41002");
    }

    @Test
    void continuousDiscoveryReportsPeersDiscoveredAndLost() throws Exception {
        List<String> news = new CopyOnWriteArrayList<>();
        Discovery alice = new Discovery(config(port).continuous(true).build(), () -> "127.0.0.1:41001");
        nodes.add(alice);
        alice.addListener(LoopbackDiscovery.recordingInto(news));
        alice.start();
        Discovery bob = node("127.0.0.1:41002");
        Discovery carol = node("127.0.0.1:41003");

        await().atMost(WAIT).until(() -> news.containsAll(List.of("+127.0.0.1:41002", "+127.0.0.1:41003")));
        assertThat(alice.peers()).extracting(DiscoveredPeer::name)
                .containsExactly("127.0.0.1:41002", "127.0.0.1:41003");
        DiscoveredPeer before = alice.peers().get(0);
        await().atMost(WAIT).until(() -> alice.peers().get(0).lastSeen().isAfter(before.lastSeen()));

        bob.stop();
        carol.setVisible(false);
        await().atMost(WAIT).until(() -> news.containsAll(List.of("-127.0.0.1:41002", "-127.0.0.1:41003")));
        assertThat(alice.peers()).isEmpty();

        carol.setVisible(true);
        await().atMost(WAIT).until(() -> news.stream().filter("+127.0.0.1:41003"::equals).count() == 2);
        assertThat(news).doesNotContain("+127.0.0.1:41001", "-127.0.0.1:41001");
    }

    @Test
    void aDisabledDiscoveryOpensNothingAndFindsNobody() throws Exception {
        node("127.0.0.1:41002");
        Discovery off = node("127.0.0.1:41001", config(port).enabled(false).build());
        assertThat(off.isRunning()).isFalse();
        assertThat(off.responderAddress()).isNull();
        assertThat(off.probe()).isEmpty();
    }

    @Test
    void stopAndStartAgain() throws Exception {
        Discovery alice = node("127.0.0.1:41001");
        Discovery bob = node("127.0.0.1:41002");
        bob.stop();
        assertThat(bob.isRunning()).isFalse();
        assertThat(alice.probe()).isEmpty();
        bob.start();
        assertThat(bob.responderAddress().getPort()).isEqualTo(port);
        assertThat(alice.probe()).containsExactly("127.0.0.1:41002");
    }
}
