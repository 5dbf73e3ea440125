package io.p2pboot.peer;

import static io.p2pboot.peer.WireBytes.concat;
import static io.p2pboot.peer.WireBytes.data;
import static io.p2pboot.peer.WireBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EmbeddedPipes;
import io.p2pboot.pipe.EmbeddedPipes.Wire;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The initiator's handshake on an embedded socket, byte by byte: the HELLO it writes, and what
 * each answer (or none) makes of the result. The peer is real (listening on loopback); only the
 * dialled socket under test is embedded, and the handshake is made and offered as
 * {@code Peer.establish} does once the socket is up.
 */
class InitiatorHandshakeTest {

    private static final String TARGET = "127.0.0.1:40000";

    private Peer peer;
    private Wire wire;

    @BeforeEach
    void start() throws Exception {
        peer = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).timeout(Duration.ofMillis(500)).build())
                .start();
    }

    @AfterEach
    void nothingLeaksAndThePeerStops() {
        try {
            if (wire != null) {
                // first: a peer stopping closes its connections, and only the test runs this loop
                wire.closeAndEnd();
                assertThat(wire.leaks()).as("buffers still referenced once the pipe ended").isEmpty();
            }
        } finally {
            peer.stop();
        }
    }

    /** Dials {@link #TARGET} on an embedded socket and offers: the HELLO is written. */
    private CompletableFuture<Connection> offered(DataType type, boolean strict, boolean stream, int size) {
        InitiatorHandshake handshake = new InitiatorHandshake(peer, TARGET, type, strict, stream, size);
        wire = EmbeddedPipes.open(ConnectionProtocol.dialling(peer, handshake));
        handshake.offer();
        wire.settle();
        return handshake.result();
    }

    private CompletableFuture<Connection> offered() {
        return offered(DataType.BYTES, true, false, 0);
    }

    @Test
    void theOfferWritesAHelloWithNameTypeAndStrictness() {
        offered(DataType.BYTES, false, false, 0);

        assertThat(wire.written()).isEqualTo(header("HELLO|peer_name=" + peer.name() + "&data_type=bytes&strict=False"));
    }

    @Test
    void aStreamingOfferWritesAHelloWithStreamAndSize() {
        offered(DataType.RAW, true, true, 64);

        assertThat(wire.written()).isEqualTo(header("HELLO|peer_name=" + peer.name()
                + "&data_type=raw&strict=True&stream=True&data_size=64"));
    }

    @Test
    void acceptCompletesTheResultWithAConnectionAndDataInTheSameReadReachesIt() {
        CompletableFuture<Connection> result = offered();
        wire.written();
        wire.receive(concat(header("ACCEPT"), data("bytes", new byte[] {7, 8, 9})));

        assertThat(result).isCompleted();
        Connection c = result.join();
        assertThat(c.peerName()).isEqualTo(TARGET);
        assertThat(c.dataType()).isEqualTo(DataType.BYTES);
        assertThat(c.pipe()).isSameAs(wire.pipe());
        assertThat((byte[]) c.receive(Duration.ZERO).value()).containsExactly(7, 8, 9);
    }

    @Test
    void aStreamPayloadInTheSameReadAsTheAcceptReachesTheConnection() {
        CompletableFuture<Connection> result = offered(DataType.BYTES, true, true, 4);
        wire.receive(concat(header("ACCEPT"), new byte[] {1, 2, 3, 4}));

        assertThat(result).isCompleted();
        assertThat((byte[]) result.join().receive(Duration.ZERO).value()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void denyFailsTheResultWithConnectionDenied() {
        CompletableFuture<Connection> result = offered();
        wire.receive(header("DENY"));

        assertThat(result).isCompletedExceptionally();
        assertThat(result).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(ConnectionDeniedException.class);
        assertThat(wire.isOpen()).isFalse();
        assertThat(wire.pipe().closeReason().kind()).isEqualTo(CloseReason.Kind.REMOTE);
    }

    @Test
    void aPingBeforeTheAnswerIsSkipped() {
        CompletableFuture<Connection> result = offered();
        wire.receive(header("PING|pinger=" + TARGET));

        assertThat(result).isNotDone();
        assertThat(wire.isOpen()).isTrue();
        wire.receive(header("ACCEPT"));
        assertThat(result).isCompleted();
    }

    @Test
    void anyOtherHeaderFailsTheResultWithAProtocolError() {
        CompletableFuture<Connection> result = offered();
        wire.receive(header("HELLO|peer_name=" + TARGET + "&data_type=bytes&strict=True"));

        assertThat(result).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(ProtocolException.class)
                .withMessageContaining("expected ACCEPT or DENY or PING during the handshake, got HELLO");
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
    }

    @Test
    void dataBeforeTheAnswerFailsTheResultWithAProtocolError() {
        CompletableFuture<Connection> result = offered();
        wire.receive(data("bytes", new byte[] {1}));

        assertThat(result).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(ProtocolException.class)
                .withMessageContaining("got a DATA header announcing 1 bytes");
        assertThat(wire.pipe().closeReason().kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
    }

    @Test
    void noAnswerWithinThePeersTimeoutFailsWithHandshakeTimeout() {
        CompletableFuture<Connection> result = offered();

        wire.advance(499);
        assertThat(result).isNotDone();
        wire.advance(1);
        assertThat(result).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(HandshakeTimeoutException.class)
                .withMessageContaining("no answer to HELLO from " + TARGET + " within 500 ms");
        assertThat(wire.isOpen()).isFalse();
        assertThat(wire.pipe().closeReason().kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
    }

    @Test
    void theSocketClosingBeforeTheAnswerFailsWithConnectException() {
        CompletableFuture<Connection> result = offered();
        wire.close();
        wire.settle();

        assertThat(result).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(ConnectException.class)
                .withMessageContaining("connection to " + TARGET + " closed during the handshake");
    }
}
