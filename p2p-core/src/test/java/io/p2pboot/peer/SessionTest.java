package io.p2pboot.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelOption;
import io.p2pboot.protocol.DataType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged sessions between two real peers on loopback: negotiated only between peers that
 * both have them (never with a Python stand-in), a send's future that completes when the other
 * side's handler ran, the bound on what is not acknowledged, and the end of a session whose peer
 * stays away.
 */
class SessionTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final List<Peer> peers = new ArrayList<>();

    Peer started(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        peers.add(p);
        return p.start();
    }

    static PeerConfig.Builder withSessions(long maxUnacked, Duration resumeWithin) {
        return PeerConfig.builder().sessions(new SessionConfig(maxUnacked, resumeWithin));
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    /** Cuts the connection under both peers at once, with a reset: what was on its way is lost. */
    static void cut(Connection c) {
        c.channel().pipeline().channel().config().setOption(ChannelOption.SO_LINGER, 0);
        c.channel().pipeline().channel().close();
    }

    @Test
    void twoPeersWithSessionsAgreeOnOneAndASendCompletesOnlyOnceTheHandlerRan() throws Exception {
        Peer bob = started(withSessions(1 << 20, WAIT));
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        bob.onData((c, r) -> {
            release.await();
            got.add(r.value());
        });
        Peer alice = started(withSessions(1 << 20, WAIT));
        Connection c = alice.connect(bob.name());
        assertThat(c.hasSession()).isTrue();
        await().atMost(WAIT).until(() -> bob.connection(alice.name()).map(Connection::hasSession).orElse(false));

        CompletableFuture<Void> sent = c.send(List.of(1, 2));
        Thread.sleep(300); // written long ago; not handled
        assertThat(sent).isNotDone();
        release.countDown();
        sent.get(5, TimeUnit.SECONDS);
        assertThat(got).containsExactly(List.of(1, 2));
    }

    @Test
    void aReplyTakenByARequestIsAcknowledgedToo() throws Exception {
        Peer bob = started(withSessions(1 << 20, WAIT));
        List<CompletableFuture<Void>> replies = new CopyOnWriteArrayList<>();
        bob.onData((c, r) -> replies.add(c.sendAsync("re: " + r.value())));
        Peer alice = started(withSessions(1 << 20, WAIT));
        Connection c = alice.connect(bob.name());
        assertThat(c.request("ping", String.class, WAIT)).isEqualTo("re: ping");
        assertThat(c.request("again", String.class, WAIT)).isEqualTo("re: again");
        CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPeerWithoutSessionsGetsAPlainConnectionFromOneThatHasThem() throws Exception {
        Peer bob = started(PeerConfig.builder());
        Peer alice = started(withSessions(1 << 20, WAIT));
        Connection c = alice.connect(bob.name());
        assertThat(c.hasSession()).isFalse();
        c.send(1).get(5, TimeUnit.SECONDS);
        assertThat(bob.connection(alice.name()).orElseThrow().hasSession()).isFalse();
    }

    @Test
    void againstAPlainAcceptNoSeqAndNoAckIsEverWritten() throws Exception {
        Peer alice = started(withSessions(1 << 20, WAIT).keepAlive(Duration.ZERO));
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Connection> connecting = alice.connectAsync("127.0.0.1:" + listener.getLocalPort(),
                    ConnectOptions.of(DataType.BYTES));
            try (RawPeer py = new RawPeer(listener.accept())) {
                String hello = py.readHeader();
                assertThat(hello).startsWith("HELLO|peer_name=127.0.0.1:" + alice.address().getPort()
                        + "&data_type=bytes&strict=True&session=").contains("&received=0");
                py.sendHeader("ACCEPT"); // what a Python peer answers: it ignores the fields it does not know
                Connection c = connecting.get(5, TimeUnit.SECONDS);
                assertThat(c.hasSession()).isFalse();
                c.send("hey".getBytes(UTF_8)).get(5, TimeUnit.SECONDS); // completes on write, as without sessions
                assertThat(py.read(128)).isEqualTo(RawPeer.header("DATA|data_size=3&data_type=bytes"));
                assertThat(py.read(3)).isEqualTo("hey".getBytes(UTF_8));
                py.sendData("bytes", new byte[] {1});
                py.socket.setSoTimeout(300);
                assertThatThrownBy(() -> py.read(1)).isInstanceOf(SocketTimeoutException.class); // no ACK
            }
        }
    }

    @Test
    void aPythonStyleHelloGetsAPlainAcceptAndNoAck() throws Exception {
        Peer bob = started(withSessions(1 << 20, WAIT).keepAlive(Duration.ZERO));
        try (RawPeer py = new RawPeer(bob.address())) {
            py.sendHeader("HELLO|peer_name=127.0.0.1:40000&data_type=json&strict=True");
            assertThat(py.readHeader()).isEqualTo("ACCEPT");
            py.sendData("json", "{\"data\": 1}".getBytes(UTF_8));
            await().atMost(WAIT).until(() -> bob.stats().messagesIn(DataType.JSON) == 1);
            py.socket.setSoTimeout(300);
            assertThatThrownBy(() -> py.read(1)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void beyondMaxUnackedSendWaitsAndSendAsyncIsRefused() throws Exception {
        Peer bob = started(withSessions(1 << 20, WAIT));
        CountDownLatch release = new CountDownLatch(1);
        bob.onData((c, r) -> release.await());
        Peer alice = started(withSessions(2280, WAIT).timeout(Duration.ofMillis(300)));
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(c.send(new byte[100])); // 10 × (100 + a 128-byte header): the window is full
        }
        long begun = System.nanoTime();
        assertThatThrownBy(() -> c.send(new byte[100])).isInstanceOf(SendTimeoutException.class)
                .hasMessageContaining("max-unacked 2280");
        assertThat(System.nanoTime() - begun).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(c.sendAsync(new byte[100])).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SessionFullException.class);
        release.countDown();
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        c.send(new byte[100]).get(5, TimeUnit.SECONDS); // room again
    }

    @Test
    void aSessionWhosePeerStaysAwayEndsAndSaysHowManyWereNotDelivered() throws Exception {
        Peer bob = started(withSessions(1 << 20, WAIT));
        CountDownLatch release = new CountDownLatch(1);
        bob.onData((c, r) -> release.await());
        Peer alice = started(withSessions(1 << 20, Duration.ofMillis(400)));
        List<SessionExpiredException> expired = new CopyOnWriteArrayList<>();
        alice.onSessionExpired((p, e) -> expired.add(e));
        Connection c = alice.connect(bob.name());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(c.send(i));
        }
        await().atMost(WAIT).until(() -> bob.stats().messagesIn(DataType.JSON) >= 1);
        cut(c);
        await().atMost(WAIT).until(() -> expired.size() == 1);
        assertThat(expired.get(0).peerName()).isEqualTo(bob.name());
        assertThat(expired.get(0).undelivered()).isEqualTo(5);
        for (CompletableFuture<Void> f : sent) {
            assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SessionExpiredException.class).withMessageContaining("5 message(s)");
        }
        release.countDown();
    }
}
