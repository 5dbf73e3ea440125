package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.tls.TlsClientAuth;
import io.p2pboot.pipe.tls.TlsSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection is known by the name its peer gives in HELLO, so the name must be the peer's:
 * its IP is the connection's source IP (or, over loopback, one of this machine's addresses), a
 * live connection is replaced only from the same IP, and with TLS the certificate names it.
 */
class PeerIdentityTest {

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

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static String hello(String name) {
        return "HELLO|peer_name=" + name + "&data_type=json&strict=True";
    }

    @Test
    void aNameWhoseIpIsNotTheConnectionsSourceIsDenied() throws Exception {
        Peer bob = start(PeerConfig.builder());
        try (RawPeer stranger = new RawPeer(bob.address(), ip("127.0.0.1"))) {
            stranger.sendHeader(hello("127.0.0.2:41000"));
            assertThat(stranger.readHeader()).isEqualTo("DENY");
            assertThat(stranger.closedByOtherSide()).isTrue();
        }
        assertThat(bob.connections()).isEmpty();
        assertThat(bob.deniedOffers()).isEqualTo(1);
    }

    @Test
    void aStrangerCannotTakeALiveConnectionByName() throws Exception {
        Peer bob = start(PeerConfig.builder());
        Peer alice = start(PeerConfig.builder().address("127.0.0.2"));
        Connection toBob = alice.connect(bob.name());
        await().atMost(WAIT).until(() -> bob.connection(alice.name()).isPresent());

        try (RawPeer stranger = new RawPeer(bob.address(), ip("127.0.0.3"))) {
            stranger.sendHeader(hello(alice.name()));
            assertThat(stranger.readHeader()).isEqualTo("DENY");
            assertThat(stranger.closedByOtherSide()).isTrue();
        }
        Connection toAlice = bob.connection(alice.name()).orElseThrow();
        assertThat(toAlice.isOpen()).isTrue();
        assertThat(toAlice.remoteAddress().getAddress()).isEqualTo(ip("127.0.0.2"));
        toAlice.send("for alice only");
        assertThat(toBob.receive(WAIT).value()).isEqualTo("for alice only");
    }

    @Test
    void aReconnectFromTheSameIpReplacesTheLiveConnection() throws Exception {
        Peer bob = start(PeerConfig.builder());
        try (RawPeer first = new RawPeer(bob.address(), ip("127.0.0.4"));
             RawPeer second = new RawPeer(bob.address(), ip("127.0.0.4"))) {
            first.sendHeader(hello("127.0.0.4:41000"));
            assertThat(first.readHeader()).isEqualTo("ACCEPT");
            second.sendHeader(hello("127.0.0.4:41000"));
            assertThat(second.readHeader()).isEqualTo("ACCEPT");
            assertThat(first.closedByOtherSide()).isTrue();
            await().atMost(WAIT).untilAsserted(() -> assertThat(bob.connection("127.0.0.4:41000"))
                    .hasValueSatisfying(c -> assertThat(c.remoteAddress().getPort())
                            .isEqualTo(second.socket.getLocalPort())));
        }
    }

    @Test
    void overLoopbackANameMayBeThisMachinesOwnAddressButNotTakeOverFromAnotherIp() throws Exception {
        Optional<InetAddress> own = ownNonLoopbackIpv4();
        assumeThat(own).as("a non-loopback IPv4 address on this machine").isPresent();
        // Only named in the HELLO: every byte goes to loopback.
        String name = own.get().getHostAddress() + ":41000";
        Peer bob = start(PeerConfig.builder());
        try (RawPeer python = new RawPeer(bob.address(), ip("127.0.0.1"));
             RawPeer stranger = new RawPeer(bob.address(), ip("127.0.0.5"))) {
            python.sendHeader(hello(name));
            assertThat(python.readHeader()).isEqualTo("ACCEPT");
            await().atMost(WAIT).until(() -> bob.connection(name).isPresent());
            stranger.sendHeader(hello(name));
            assertThat(stranger.readHeader()).isEqualTo("DENY");
            assertThat(bob.connection(name).orElseThrow().isOpen()).isTrue();
        }
    }

    /** One of this machine's own IPv4 addresses that is not loopback, if it has one. */
    static Optional<InetAddress> ownNonLoopbackIpv4() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void aNameThatIsNotIpPortClosesTheSocketWithoutAnAnswer() throws Exception {
        Peer bob = start(PeerConfig.builder());
        long errors = bob.protocolErrors();
        try (RawPeer forger = new RawPeer(bob.address())) {
            forger.sendHeader(hello("127.0.0.1:41000\nINFO forged line"));
            assertThat(forger.closedByOtherSide()).isTrue();
        }
        await().atMost(WAIT).until(() -> bob.protocolErrors() > errors);
        assertThat(bob.connections()).isEmpty();
    }

    @Test
    void aRefusedNameIsQuotedEscapedAndCutShort() {
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 50000);
        assertThatThrownBy(() -> ClaimedName.verify("127.0.0.1:41000\nINFO forged line", from, null))
                .isInstanceOf(ClaimedName.Malformed.class)
                .hasMessage("peer_name '127.0.0.1:41000\\u000aINFO forged line' is not ip:port");
        assertThatThrownBy(() -> ClaimedName.verify("127.0.0.1:+80", from, null))
                .isInstanceOf(ClaimedName.Malformed.class);
        assertThatThrownBy(() -> ClaimedName.verify("x".repeat(10_000) + ":80", from, null))
                .isInstanceOf(ClaimedName.Malformed.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(160).contains("(10003 chars)"));
    }

    @Test
    void theListenerListsTheConnectionBeforeConnectReturns() throws Exception {
        Peer bob = start(PeerConfig.builder());
        Peer alice = start(PeerConfig.builder());
        for (int i = 0; i < 100; i++) {
            Connection c = alice.connect(bob.name());
            assertThat(bob.connection(alice.name())).as("listed at try %d", i).isPresent();
            c.close();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> bob.connections().isEmpty());
        }
    }

    @Test
    void onIpv6LoopbackAPeerIsNamedAsRfc5952WritesItAndFoundByAnySpelling() throws Exception {
        assumeThat(Inet6Loopback.works()).as("IPv6 loopback").isTrue();
        Peer bob = start(PeerConfig.builder().address("::1"));
        Peer alice = start(PeerConfig.builder().address("0:0:0:0:0:0:0:1"));
        assertThat(bob.name()).isEqualTo("[::1]:" + bob.address().getPort());

        Connection toBob = alice.connect("[0:0:0:0:0:0:0:1]:" + bob.address().getPort());
        assertThat(toBob.peerName()).isEqualTo(bob.name());
        assertThat(alice.connection("[0:0::1]:" + bob.address().getPort())).containsSame(toBob);
        Connection toAlice = bob.awaitConnectionTo("[0::1]:" + alice.address().getPort(), WAIT);
        assertThat(toAlice).isNotNull();
        assertThat(toAlice.peerName()).isEqualTo("[::1]:" + alice.address().getPort());
        assertThat(bob.connection("[0:0:0:0:0:0:0:1]:" + alice.address().getPort())).containsSame(toAlice);
    }

    /** Whether this machine can listen on ::1 (some containers have no IPv6 at all). */
    private static final class Inet6Loopback {
        static boolean works() {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Test
    void theTimeoutOfARunningPeerCanBeChanged() throws Exception {
        Peer bob = start(PeerConfig.builder().timeout(Duration.ofSeconds(30)));
        bob.setTimeout(Duration.ofMillis(200));
        assertThat(bob.timeout()).isEqualTo(Duration.ofMillis(200));
        long begun = System.nanoTime();
        try (RawPeer silent = new RawPeer(bob.address())) {
            assertThat(silent.closedByOtherSide()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isBetween(Duration.ofMillis(150), WAIT);
        assertThatThrownBy(() -> bob.setTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListenerListensOnItsPortAgainRightAfterItsConnectionsClosed() throws Exception {
        Peer bob = start(PeerConfig.builder());
        int port = bob.address().getPort();
        Peer alice = start(PeerConfig.builder());
        alice.connect(bob.name()).send("hello");
        await().atMost(WAIT).until(() -> bob.connection(alice.name()).isPresent());
        bob.stop(); // bob closes first: its side of the connection waits in TIME_WAIT on the port
        Peer again = start(PeerConfig.builder().port(port));
        assertThat(again.address().getPort()).isEqualTo(port);
    }

    @Test
    void withTlsANameTheCertificateDoesNotNameIsDenied() throws Exception {
        X509Bundle ca = certificate().subject("CN=peers").setIsCertificateAuthority(true).buildSelfSigned();
        Peer bob = start(tls(ca, "127.0.0.1", true).address("127.0.0.1"));
        Peer alice = start(tls(ca, "127.0.0.2", true).address("127.0.0.2"));
        Peer mallory = start(tls(ca, "127.0.0.4", true).address("127.0.0.3"));

        assertThat(alice.connect(bob.name()).isOpen()).isTrue();
        assertThatThrownBy(() -> mallory.connect(bob.name())).isInstanceOf(ConnectionDeniedException.class);
        assertThat(bob.connections()).containsOnlyKeys(alice.name());
    }

    @Test
    void withTlsButWithoutVerifyPeerNameTheCertificateNeedNotNameThePeer() throws Exception {
        X509Bundle ca = certificate().subject("CN=peers").setIsCertificateAuthority(true).buildSelfSigned();
        Peer bob = start(tls(ca, "127.0.0.1", false).address("127.0.0.1"));
        Peer mallory = start(tls(ca, "127.0.0.4", false).address("127.0.0.3"));
        assertThat(mallory.connect(bob.name()).isOpen()).isTrue();
    }

    private static CertificateBuilder certificate() {
        Instant now = Instant.now();
        return new CertificateBuilder().ecp256().notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS));
    }

    private static PeerConfig.Builder tls(X509Bundle ca, String certifiedIp, boolean verifyPeerName) throws Exception {
        X509Bundle leaf = certificate().subject("CN=" + certifiedIp).addSanIpAddress(certifiedIp)
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        TlsSettings settings = TlsSettings.builder()
                .keyManagerFactory(leaf.toKeyManagerFactory())
                .trustManagerFactory(ca.toTrustManagerFactory())
                .clientAuth(TlsClientAuth.REQUIRE)
                .build();
        return PeerConfig.builder().verifyPeerName(verifyPeerName)
                .pipe(PipeConfig.builder().useSsl(true).tls(settings.toContexts()).build());
    }
}
