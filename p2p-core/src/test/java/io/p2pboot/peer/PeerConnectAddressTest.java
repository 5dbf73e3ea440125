package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code connect} takes and how a connection is found again: an IP in any spelling, the
 * name {@code localhost} (resolved within {@code dns_timeout}), a socket address; every spelling
 * of one address names one connection, and a bad address is refused quoted short.
 */
class PeerConnectAddressTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();

    private Peer start(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        peers.add(p);
        return p.start();
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    @Test
    void connectTakesTheHostNameLocalhost() throws Exception {
        Peer bob = start(PeerConfig.builder());
        Peer alice = start(PeerConfig.builder());
        Connection toBob = alice.connect("localhost:" + bob.address().getPort());
        assertThat(toBob.peerName()).isEqualTo(bob.name()).startsWith("127.0.0.1:");
        assertThat(alice.connection("127.0.0.1:" + bob.address().getPort())).containsSame(toBob);
        assertThat(bob.awaitConnectionTo(alice.name(), WAIT)).isNotNull();
    }

    @Test
    void aPeerListensOnTheHostNameLocalhostAndIsNamedByItsIp() throws Exception {
        Peer bob = start(PeerConfig.builder().address("localhost"));
        assertThat(bob.name()).isEqualTo("127.0.0.1:" + bob.address().getPort());
        Peer alice = start(PeerConfig.builder());
        assertThat(alice.connect(bob.name()).peerName()).isEqualTo(bob.name());
        assertThatIllegalArgumentException().isThrownBy(() -> bob.connect("LOCALHOST:" + bob.address().getPort()))
                .withMessageContaining("cannot connect to itself");
    }

    @Test
    void connectTakesASocketAddressResolvedOrNot() throws Exception {
        Peer bob = start(PeerConfig.builder());
        Peer alice = start(PeerConfig.builder());
        Peer carol = start(PeerConfig.builder());
        Connection toBob = alice.connect(bob.address());
        assertThat(toBob.peerName()).isEqualTo(bob.name());
        Connection toCarol = alice.connectAsync(InetSocketAddress.createUnresolved("localhost", carol.address().getPort()),
                ConnectOptions.defaults()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(toCarol.peerName()).isEqualTo(carol.name());
        assertThat(alice.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), bob.address().getPort())))
                .as("the same peer: the live connection is reused").isSameAs(toBob);
    }

    @Test
    void anyIpv4SpellingFindsTheConnection() throws Exception {
        Peer bob = start(PeerConfig.builder());
        Peer alice = start(PeerConfig.builder());
        int port = bob.address().getPort();
        Connection toBob = alice.connect("[::ffff:127.0.0.1]:" + port);
        assertThat(toBob.peerName()).isEqualTo("127.0.0.1:" + port);
        assertThat(alice.connection("[::FFFF:7f00:1]:" + port)).containsSame(toBob);
        assertThat(alice.connection("127.0.0.1:" + port)).containsSame(toBob);
        assertThat(alice.connection("127.0.0.1:0" + port)).isEmpty();
    }

    @Test
    void onIpv6LoopbackEverySpellingConnectsAndFindsOneConnection() throws Exception {
        assumeThat(ipv6Loopback()).as("IPv6 loopback").isTrue();
        Peer bob = start(PeerConfig.builder().address("[0:0:0:0:0:0:0:1]"));
        Peer alice = start(PeerConfig.builder().address("::1"));
        int port = bob.address().getPort();
        assertThat(bob.name()).isEqualTo("[::1]:" + port);
        assertThat(bob.config().address()).isEqualTo("::1");

        Connection toBob = alice.connect("[0:0:0:0:0:0:0:1]:" + port);
        assertThat(toBob.peerName()).isEqualTo("[::1]:" + port);
        assertThat(alice.connect("[0::1]:" + port)).isSameAs(toBob);
        assertThat(alice.connection("[::1]:" + port)).containsSame(toBob);
        assertThat(alice.connection("[0000::0001]:" + port)).containsSame(toBob);
        assertThatIllegalArgumentException().isThrownBy(() -> alice.connect("::1:" + port))
                .withMessageContaining("an IPv6 address goes in brackets before its port, as in [::1]:" + port);
    }

    @Test
    void aBadAddressIsRefusedQuotedShort() throws Exception {
        Peer alice = start(PeerConfig.builder());
        String huge = "\r\n".repeat(5 * 1024 * 1024) + ":80";
        assertThatIllegalArgumentException().isThrownBy(() -> alice.connect(huge))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700).contains("...(10485763 chars)")
                        .doesNotContain("\n"));
        for (String bad : new String[] {"127.0.0.1:+80", "127.0.0.1: 80", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:080", "[fe80::1%lo]:80", "a_b:80"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> alice.connect(bad))
                    .withMessageStartingWith("bad address '" + bad + "'");
            assertThatThrownBy(() -> alice.connectAsync(bad, ConnectOptions.defaults()).join())
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
