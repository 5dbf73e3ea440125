package io.p2pboot.peer;

import static io.p2pboot.peer.WireBytes.concat;
import static io.p2pboot.peer.WireBytes.header;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EmbeddedPipes;
import io.p2pboot.pipe.EmbeddedPipes.Wire;
import io.p2pboot.protocol.DataType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both handshakes with sessions on, and a session's first messages, on an embedded socket byte by
 * byte: the fields a HELLO and an ACCEPT carry, {@code seq} on each DATA, the cumulative ACK, and
 * what a receiver does with a resend and with a gap. Nothing is left referenced once the pipe ends.
 */
class SessionHandshakeTest {

    private static final String TARGET = "127.0.0.1:40000";

    private Peer peer;
    private Wire wire;

    private void started() throws Exception {
        peer = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).keepAlive(Duration.ZERO)
                .sessions(SessionConfig.defaults()).build()).start();
    }

    @AfterEach
    void nothingLeaksAndThePeerStops() {
        try {
            if (wire != null) {
                wire.closeAndEnd();
                wire.settle();
                assertThat(wire.leaks()).as("buffers still referenced once the pipe ended").isEmpty();
            }
        } finally {
            peer.stop();
        }
    }

    private static String text(byte[] wire) {
        return new String(wire, US_ASCII);
    }

    private static String strip(String header) {
        return header.replaceAll("\\|+$", "");
    }

    /** Dials {@link #TARGET} on an embedded socket; answers the HELLO's text. */
    private CompletableFuture<Connection> offered(DataType type, boolean stream, int size, String[] hello) {
        InitiatorHandshake handshake = new InitiatorHandshake(peer, TARGET, type, true, stream, size);
        wire = EmbeddedPipes.open(ConnectionProtocol.dialling(peer, handshake));
        handshake.offer();
        wire.settle();
        hello[0] = strip(text(wire.written()));
        // registered as the dialler does it: the session writes on the connection from then on
        return handshake.result().thenApply(c -> {
            peer.register(c, false);
            return c;
        });
    }

    @Test
    void theInitiatorOffersItsSessionAfterPeerpysFields() throws Exception {
        started();
        String[] hello = new String[1];
        offered(DataType.BYTES, false, 0, hello);
        assertThat(hello[0]).matches("HELLO\\|peer_name=" + Pattern.quote(peer.name())
                + "&data_type=bytes&strict=True&session=[0-9a-f]{16}&received=0");
    }

    @Test
    void aStreamOffersNoSession() throws Exception {
        started();
        String[] hello = new String[1];
        offered(DataType.BYTES, true, 4, hello);
        assertThat(hello[0]).isEqualTo("HELLO|peer_name=" + peer.name() + "&data_type=bytes&strict=True&stream=True&data_size=4");
    }

    @Test
    void messagesAreNumberedAndTheirFuturesCompleteOnTheAckThatCoversThem() throws Exception {
        started();
        String[] hello = new String[1];
        CompletableFuture<Connection> result = offered(DataType.BYTES, false, 0, hello);
        wire.receive(header("ACCEPT|session=" + sessionOf(hello[0]) + "&received=0"));
        Connection c = result.join();
        assertThat(c.hasSession()).isTrue();

        CompletableFuture<Void> first = c.sendAsync(new byte[] {1});
        CompletableFuture<Void> second = c.sendAsync(new byte[] {2, 3});
        assertThat(wire.written()).isEqualTo(concat(
                header("DATA|data_size=1&data_type=bytes&seq=1"), new byte[] {1},
                header("DATA|data_size=2&data_type=bytes&seq=2"), new byte[] {2, 3}));
        assertThat(first).isNotDone();
        wire.receive(header("ACK|seq=1"));
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        wire.receive(header("ACK|seq=2"));
        assertThat(second).isCompleted();
    }

    @Test
    void handledMessagesAreAcknowledgedInOneAckAMillisecondLaterAndAResendIsDropped() throws Exception {
        started();
        List<Object> got = new CopyOnWriteArrayList<>();
        peer.onData((c, r) -> got.add(((byte[]) r.value())[0]));
        String[] hello = new String[1];
        CompletableFuture<Connection> result = offered(DataType.BYTES, false, 0, hello);
        wire.receive(header("ACCEPT|session=" + sessionOf(hello[0]) + "&received=0"));
        result.join();
        wire.written();

        wire.receive(concat(header("DATA|data_size=1&data_type=bytes&seq=1"), new byte[] {10},
                header("DATA|data_size=1&data_type=bytes&seq=2"), new byte[] {20},
                header("DATA|data_size=1&data_type=bytes&seq=1"), new byte[] {10})); // a resend of 1
        assertThat(got).containsExactly((byte) 10, (byte) 20);
        assertThat(wire.written()).as("the ACK waits a millisecond for more to acknowledge").isEmpty();
        wire.advance(1);
        assertThat(strip(text(wire.written()))).isEqualTo("ACK|seq=2");
        assertThat(wire.isOpen()).isTrue();
    }

    @Test
    void aGapInTheNumbersClosesTheConnectionForTheProtocol() throws Exception {
        started();
        String[] hello = new String[1];
        CompletableFuture<Connection> result = offered(DataType.BYTES, false, 0, hello);
        wire.receive(header("ACCEPT|session=" + sessionOf(hello[0]) + "&received=0"));
        result.join();
        wire.receive(concat(header("DATA|data_size=1&data_type=bytes&seq=2"), new byte[] {1}));
        assertThat(wire.isOpen()).isFalse();
        assertThat(wire.pipe().closeReason().kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(wire.pipe().closeReason().detail()).contains("seq 2 does not follow 0");
    }

    @Test
    void aPlainAcceptLeavesTheConnectionWithoutASession() throws Exception {
        started();
        String[] hello = new String[1];
        CompletableFuture<Connection> result = offered(DataType.BYTES, false, 0, hello);
        wire.receive(header("ACCEPT"));
        Connection c = result.join();
        assertThat(c.hasSession()).isFalse();
        CompletableFuture<Void> sent = c.sendAsync(new byte[] {1});
        assertThat(wire.written()).isEqualTo(concat(header("DATA|data_size=1&data_type=bytes"), new byte[] {1}));
        assertThat(sent).isCompleted(); // on write, as always: no ACK will come
    }

    @Test
    void theListenerAnswersWithTheIdOfItsOwnSide() throws Exception {
        started();
        String accept = listenerAnswers("0123456789abcdef", 7);
        assertThat(accept).matches("ACCEPT\\|session=[0-9a-f]{16}&received=0");
        assertThat(sessionOf(accept)).isNotEqualTo("0123456789abcdef");
        assertThat(peer.connections().get(TARGET).hasSession()).isTrue();
    }

    @Test
    void theIdHeardBeforeResumesWhereItStoppedAndAnotherStartsOver() throws Exception {
        started();
        List<Object> got = new CopyOnWriteArrayList<>();
        peer.onData((c, r) -> got.add(((byte[]) r.value())[0]));
        String first = listenerAnswers("0123456789abcdef", 0);
        wire.receive(concat(header("DATA|data_size=1&data_type=bytes&seq=1"), new byte[] {10},
                header("DATA|data_size=1&data_type=bytes&seq=2"), new byte[] {20}));
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
        ended();

        // the same initiator again (its crossing handshake, or a reconnect): both go on
        String again = listenerAnswers("0123456789abcdef", 0);
        assertThat(again).isEqualTo("ACCEPT|session=" + sessionOf(first) + "&received=2");
        ended();

        // another id from that peer: it lost its state, and the listener's side starts over, keeping its own id
        String over = listenerAnswers("fedcba9876543210", 0);
        assertThat(over).isEqualTo("ACCEPT|session=" + sessionOf(first) + "&received=0");
    }

    /** A HELLO from {@link #TARGET} offering {@code id}, to the peer as listener; answers its ACCEPT's text. */
    private String listenerAnswers(String id, long received) {
        wire = EmbeddedPipes.open(ConnectionProtocol.listening(peer),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 45_001));
        wire.receive(header("HELLO|peer_name=" + TARGET + "&data_type=bytes&strict=True&session=" + id + "&received="
                + received));
        return strip(text(wire.written()));
    }

    /** Ends the current wire, leaking nothing, as the next handshake of the session comes on another. */
    private void ended() {
        wire.closeAndEnd();
        wire.settle();
        assertThat(wire.leaks()).isEmpty();
        wire = null;
    }

    private static String sessionOf(String header) {
        Matcher m = Pattern.compile("session=([0-9a-f]{16})").matcher(header);
        assertThat(m.find()).as(header).isTrue();
        return m.group(1);
    }

    @Test
    void theListenerAnswersAPythonHelloWithAPlainAccept() throws Exception {
        started();
        wire = EmbeddedPipes.open(ConnectionProtocol.listening(peer),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 45_001));
        wire.receive(header("HELLO|peer_name=" + TARGET + "&data_type=json&strict=True"));
        assertThat(wire.written()).isEqualTo(header("ACCEPT"));
        assertThat(peer.connections().get(TARGET).hasSession()).isFalse();
    }
}
