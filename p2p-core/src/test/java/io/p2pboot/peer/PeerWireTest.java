package io.p2pboot.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peer against a hand-driven socket: the bytes on the wire are the spec's, both ways. */
class PeerWireTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();

    Peer started(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        peers.add(p);
        return p.start();
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    @Test
    void aListenerAnswersAPythonStyleHelloAndReadsItsData() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        Peer bob = started(PeerConfig.builder().keepAlive(Duration.ZERO))
                .onData((c, d) -> got.add(d.value()));
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|peer_name=127.0.0.1:40000&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            py.sendData("json", "{\"data\": {\"x\": NaN, \"big\": 123456789012345678901234567890, \"s\": \"\\u00e9\"}}"
                    .getBytes(UTF_8));
            // A PING between messages is skipped.
            py.sendHeader("PING");
            py.sendData("json", "{\"data\": [1, 2]}".getBytes(UTF_8));
            await().atMost(WAIT).until(() -> got.size() == 2);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) got.get(0);
            assertThat((Double) first.get("x")).isNaN();
            assertThat(first.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(first.get("s")).isEqualTo("é");
            assertThat(got.get(1)).isEqualTo(List.of(1, 2));
            assertThat(bob.connections()).containsKey("127.0.0.1:40000");
        }
    }

    @Test
    void theOldAddressNameFieldIsAcceptedToo() throws Exception {
        Peer bob = started(PeerConfig.builder());
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|address_name=127.0.0.1:40001&data_type=bytes&strict=False");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            await().atMost(WAIT).until(() -> bob.connections().containsKey("127.0.0.1:40001"));
            assertThat(bob.connections().get("127.0.0.1:40001").strict()).isFalse();
        }
    }

    @Test
    void anInitiatorWritesTheSpecsHelloAndDataBytes() throws Exception {
        Peer alice = started(PeerConfig.builder().keepAlive(Duration.ZERO));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Connection> connecting = alice.connectAsync("127.0.0.1:" + listener.getLocalPort(),
                    ConnectOptions.of(DataType.BYTES));
            try (RawPeer py = new RawPeer(listener.accept())) {
                byte[] hello = py.read(128);
                assertThat(hello).isEqualTo(RawPeer.header("HELLO|peer_name=127.0.0.1:" + alice.address().getPort()
                        + "&data_type=bytes&strict=True")); // Peerpy's f"{ip}:{port}", byte for byte
                py.sendHeader("ACCEPT");
                Connection c = connecting.get(5, TimeUnit.SECONDS);
                c.send("hey".getBytes(UTF_8));
                assertThat(py.read(128)).isEqualTo(RawPeer.header("DATA|data_size=3&data_type=bytes"));
                assertThat(py.read(3)).isEqualTo("hey".getBytes(UTF_8));
            }
        }
    }

    @Test
    void onIpv6AnInitiatorNamesItselfInBracketsAsRfc5952WritesIt() throws Exception {
        assumeThat(ipv6Loopback()).as("IPv6 loopback").isTrue();
        Peer alice = started(PeerConfig.builder().address("0:0:0:0:0:0:0:1").keepAlive(Duration.ZERO));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("::1"))) {
            alice.connectAsync("[::1]:" + listener.getLocalPort(), ConnectOptions.of(DataType.JSON));
            try (RawPeer py = new RawPeer(listener.accept())) {
                assertThat(py.read(128)).isEqualTo(RawPeer.header("HELLO|peer_name=[::1]:" + alice.address().getPort()
                        + "&data_type=json&strict=True"));
            }
        }
    }

    @Test
    void onIpv6AListenerKnowsAnyHelloSpellingByItsCanonicalName() throws Exception {
        assumeThat(ipv6Loopback()).as("IPv6 loopback").isTrue();
        Peer bob = started(PeerConfig.builder().address("::1"));
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|peer_name=[0:0:0:0:0:0:0:1]:40002&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            await().atMost(WAIT).until(() -> bob.connections().containsKey("[::1]:40002"));
            assertThat(bob.connection("[0::1]:40002")).isPresent();
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

    @Test
    void aJsonValueOnAStreamHasTheSizePythonGivesItAndItsEchoComesBack() throws Exception {
        // python3 -c 'import json; print(len(json.dumps({"data": [1000, "\u00e9\u2713"]})))' -> 32
        byte[] python = "{\"data\": [1000, \"\\u00e9\\u2713\"]}".getBytes(UTF_8);
        Peer alice = started(PeerConfig.builder());
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Connection> connecting = alice.connectAsync("127.0.0.1:" + listener.getLocalPort(),
                    ConnectOptions.of(DataType.JSON).streaming(python.length));
            try (RawPeer py = new RawPeer(listener.accept())) {
                py.read(128);
                py.sendHeader("ACCEPT");
                Connection c = connecting.get(5, TimeUnit.SECONDS);
                c.send(List.of(1000, "\u00e9\u2713"));
                assertThat(new String(py.read(python.length), UTF_8)).isEqualTo(new String(python, UTF_8));
                py.send(python);
                assertThat(c.receive(WAIT).value()).isEqualTo(List.of(1000, "\u00e9\u2713"));
            }
        }
    }

    @Test
    void aStreamingHelloNeverSaysStreamFalse() throws Exception {
        Peer alice = started(PeerConfig.builder());
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Connection> streaming = alice.connectAsync("127.0.0.1:" + listener.getLocalPort(),
                    ConnectOptions.of(DataType.RAW).streaming(64));
            try (RawPeer py = new RawPeer(listener.accept())) {
                assertThat(py.readHeader()).isEqualTo("HELLO|peer_name=" + alice.name()
                        + "&data_type=raw&strict=True&stream=True&data_size=64");
                py.sendHeader("DENY");
                assertThat(streaming).failsWithin(WAIT).withThrowableThat()
                        .withCauseInstanceOf(ConnectionDeniedException.class);
            }
        }
    }

    @Test
    void dataRightBehindTheAcceptIsNotLost() throws Exception {
        Peer alice = started(PeerConfig.builder());
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Connection> connecting = alice.connectAsync("127.0.0.1:" + listener.getLocalPort(),
                    ConnectOptions.of(DataType.BYTES).streaming(4));
            try (RawPeer py = new RawPeer(listener.accept())) {
                py.read(128);
                // ACCEPT and a headerless stream payload in one write.
                byte[] both = Arrays.copyOf(RawPeer.header("ACCEPT"), 132);
                System.arraycopy(new byte[] {1, 2, 3, 4}, 0, both, 128, 4);
                py.send(both);
                Connection c = connecting.get(5, TimeUnit.SECONDS);
                assertThat((byte[]) c.receive(WAIT).value()).containsExactly(1, 2, 3, 4);
            }
        }
    }

    @Test
    void withoutOfferHandlersDataRightBehindTheHelloReachesTheConnection() throws Exception {
        // The offer is decided on the spot, and the socket turned into a connection before the
        // next header is decoded: nothing read in the same burst is lost or misread.
        List<Object> got = new CopyOnWriteArrayList<>();
        Peer bob = started(PeerConfig.builder()).onData((c, d) -> got.add(d.value()));
        assertHelloAndDataInOneWriteAreAnswered(bob, got, "127.0.0.1:40003");
    }

    private static void assertHelloAndDataInOneWriteAreAnswered(Peer bob, List<Object> got, String name)
            throws Exception {
        try (RawPeer py = new RawPeer(bob.address())) {
            byte[] hello = RawPeer.header("HELLO|peer_name=" + name + "&data_type=bytes&strict=True");
            byte[] data = RawPeer.header("DATA|data_size=3&data_type=bytes");
            byte[] all = Arrays.copyOf(hello, 128 + 128 + 3);
            System.arraycopy(data, 0, all, 128, 128);
            System.arraycopy(new byte[] {7, 8, 9}, 0, all, 256, 3);
            py.send(all);
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            await().atMost(WAIT).until(() -> got.size() == 1);
            assertThat((byte[]) got.get(0)).containsExactly(7, 8, 9);
            assertThat(bob.connections()).containsKey(name);
        }
    }

    @Test
    void aStrictConnectionClosesOnDataOfAnotherType() throws Exception {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Peer bob = started(PeerConfig.builder()).onClose((c, r) -> closed.complete(r));
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|peer_name=127.0.0.1:40002&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            py.sendData("raw", new byte[] {(byte) 0x80, 4, 'N', '.'});
            CloseReason reason = closed.get(5, TimeUnit.SECONDS);
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(reason.detail()).contains("strict json connection received DATA of type raw");
            assertThat(py.closedByOtherSide()).isTrue();
        }
    }

    @Test
    void anIdleConnectionGetsPingsAndASilentPeerIsClosedAsDead() throws Exception {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Peer bob = started(PeerConfig.builder().keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ofMillis(600)))
                .onClose((c, r) -> closed.complete(r));
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|peer_name=127.0.0.1:40003&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            assertThat(py.readHeader()).isEqualTo("PING|pinger=" + bob.name());
            assertThat(py.readHeader()).startsWith("PING");
            CloseReason reason = closed.get(5, TimeUnit.SECONDS);
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
            assertThat(reason.detail()).contains("the peer is gone");
        }
    }

    @Test
    void aConnectionKeptAliveByPingsIsNotDead() throws Exception {
        // PINGs every 50 ms against a 1 s dead limit: a loaded machine may delay a few, not twenty.
        Peer bob = started(PeerConfig.builder().keepAlive(Duration.ofMillis(50)).deadAfter(Duration.ofSeconds(1)));
        Peer alice = started(PeerConfig.builder().keepAlive(Duration.ofMillis(50)).deadAfter(Duration.ofSeconds(1)));
        Connection c = alice.connect(bob.name());
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        // Idle for several dead-after periods: each side's PINGs keep the other's timer reset.
        assertThat(c.receive(Duration.ofMillis(2500))).isNull();
        assertThat(c.isOpen()).isTrue();
        assertThat(atBob.isOpen()).isTrue();
    }

    @Test
    void aOneWayStreamStaysOpenWhileItsSenderSendsAndClosesOnceItFallsSilent() throws Exception {
        // Streams carry no PINGs: the sending side hears nothing at all, and must not take that for death.
        PeerConfig.Builder config = PeerConfig.builder().keepAlive(Duration.ofMillis(50)).deadAfter(Duration.ofMillis(300));
        Peer bob = started(config);
        Peer alice = started(config);
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES).streaming(16));
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        CompletableFuture<CloseReason> bobClosed = new CompletableFuture<>();
        atBob.onClose((conn, r) -> bobClosed.complete(r));
        // a message every 20 ms for five dead-after periods: the sender's connection stays open
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    c.send(new byte[16]);
                    return c.isOpen();
                });
        // then nothing: the receiver hears nothing for dead-after and closes the connection as dead
        assertThat(bobClosed.get(5, TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
        await().atMost(WAIT).until(() -> !c.isOpen());
    }
}
