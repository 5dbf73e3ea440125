package io.p2pboot.peer;

import static io.p2pboot.peer.WireBytes.concat;
import static io.p2pboot.peer.WireBytes.data;
import static io.p2pboot.peer.WireBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EmbeddedPipes;
import io.p2pboot.pipe.EmbeddedPipes.Wire;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An established connection's inbound handler on an embedded socket: DATA frames go to the
 * connection in order, strictness is enforced, headers between messages are skipped, and the
 * keep-alive timers ping an idle connection and close a silent one. The connection is made by the
 * listener's handshake on the same socket; the peer is real (listening on loopback).
 */
class ConnectionInboundTest {

    private static final String NAME = "127.0.0.1:40000";
    private static final String PING = "PING|pinger=" + NAME;

    private Peer peer;
    private Wire wire;

    @AfterEach
    void nothingLeaksAndThePeerStops() {
        try {
            if (wire != null) {
                // first: a peer stopping closes its connections, and only the test runs this loop
                wire.closeAndEnd();
                assertThat(wire.leaks()).as("buffers still referenced once the pipe ended").isEmpty();
            }
        } finally {
            if (peer != null) {
                peer.stop();
            }
        }
    }

    /** A connection made by a HELLO with these fields on an embedded socket; the ACCEPT is read off. */
    private Connection connected(PeerConfig.Builder config, String helloFields) throws Exception {
        peer = Peer.create(config.address("127.0.0.1").port(0).build()).start();
        wire = EmbeddedPipes.open(ConnectionProtocol.listening(peer));
        wire.receive(header("HELLO|peer_name=" + NAME + "&" + helloFields));
        assertThat(wire.written()).isEqualTo(header("ACCEPT"));
        return peer.connections().get(NAME);
    }

    /** Without keep-alive timers: only what a test writes happens. */
    private Connection connected(String helloFields) throws Exception {
        return connected(PeerConfig.builder().keepAlive(Duration.ZERO).deadAfter(Duration.ZERO), helloFields);
    }

    private static List<Object> takeAll(Connection c) {
        List<Object> values = new ArrayList<>();
        Received r;
        while ((r = c.receive(Duration.ZERO)) != null) {
            values.add(r.value());
        }
        return values;
    }

    @Test
    void dataFramesReachReceiveInTheOrderTheyCame() throws Exception {
        Connection c = connected("data_type=json&strict=True");
        wire.receive(concat(data("json", "{\"data\": 1}"), data("json", "{\"data\": 2}"), data("json", "{\"data\": 3}")));
        wire.receive(data("json", "{\"data\": 4}"));

        assertThat(takeAll(c)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void dataFramesReachDataHandlersInTheOrderTheyCame() throws Exception {
        Connection c = connected("data_type=bytes&strict=True");
        List<String> got = new ArrayList<>();
        c.onData((conn, r) -> got.add(conn.peerName() + ":" + ((byte[]) r.value())[0]));
        wire.receive(concat(data("bytes", new byte[] {1}), data("bytes", new byte[] {2})));
        wire.receive(data("bytes", new byte[] {3}));

        assertThat(got).containsExactly(NAME + ":1", NAME + ":2", NAME + ":3");
        assertThat(c.receive(Duration.ZERO)).as("nothing left over for receive").isNull();
    }

    @Test
    void aStrictConnectionClosesOnDataOfAnotherTypeNamingBoth() throws Exception {
        Connection c = connected("data_type=json&strict=True");
        wire.receive(concat(data("json", "{\"data\": 1}"), data("raw", new byte[] {(byte) 0x80, 4, 'N', '.'})));

        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = c.closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).isEqualTo("strict json connection received DATA of type raw");
        assertThat(takeAll(c)).as("what came before the violation is kept").containsExactly(1);
        assertThat(peer.connections()).isEmpty();
    }

    @Test
    void aConnectionThatIsNotStrictTakesDataOfAnotherType() throws Exception {
        Connection c = connected("data_type=json&strict=False");
        wire.receive(data("bytes", new byte[] {5}));

        Received r = c.receive(Duration.ZERO);
        assertThat(r.dataType()).isEqualTo(DataType.BYTES);
        assertThat((byte[]) r.value()).containsExactly(5);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void pingsBetweenMessagesAreSkipped() throws Exception {
        Connection c = connected("data_type=json&strict=True");
        wire.receive(concat(header(PING), data("json", "{\"data\": 1}"), header(PING), header(PING),
                data("json", "{\"data\": 2}")));
        wire.receive(header(PING));

        assertThat(takeAll(c)).containsExactly(1, 2);
        assertThat(c.isOpen()).isTrue();
        assertThat(wire.written()).as("a PING is not answered").isEmpty();
    }

    @Test
    void aWriterIdleConnectionWritesAPing() throws Exception {
        connected(PeerConfig.builder().keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ZERO),
                "data_type=json&strict=True");

        wire.advance(99);
        assertThat(wire.written()).isEmpty();
        wire.advance(1);
        assertThat(wire.written()).isEqualTo(header("PING|pinger=" + peer.name()));
        wire.advance(100);
        assertThat(wire.written()).as("and again while it stays idle").isEqualTo(header("PING|pinger=" + peer.name()));
    }

    @Test
    void whatIsWrittenPutsThePingOff() throws Exception {
        Connection c = connected(PeerConfig.builder().keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ZERO),
                "data_type=json&strict=True");

        wire.advance(60);
        c.sendAsync(1);
        assertThat(wire.written()).as("the message, no PING").isNotEmpty();
        wire.advance(99);
        assertThat(wire.written()).as("100 ms since the last write have not passed").isEmpty();
        wire.advance(1);
        assertThat(wire.written()).isEqualTo(header("PING|pinger=" + peer.name()));
    }

    @Test
    void aWriterIdleStreamWritesNoPing() throws Exception {
        // a stream has no headers between its payloads, so a PING would be read as payload
        Connection c = connected(PeerConfig.builder().keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ZERO),
                "data_type=bytes&strict=True&stream=True&data_size=4");

        wire.advance(1000);
        assertThat(wire.written()).isEmpty();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void aReaderIdleConnectionClosesWithTimeout() throws Exception {
        Connection c = connected(PeerConfig.builder().keepAlive(Duration.ZERO).deadAfter(Duration.ofMillis(600)),
                "data_type=json&strict=True");

        wire.advance(599);
        assertThat(c.isOpen()).isTrue();
        wire.advance(1);
        assertThat(c.isOpen()).isFalse();
        CloseReason reason = c.closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
        assertThat(reason.detail()).isEqualTo("nothing received from " + NAME + " for 600 ms: the peer is gone");
    }

    @Test
    void whatIsReceivedPutsTheReaderIdleCloseOff() throws Exception {
        Connection c = connected(PeerConfig.builder().keepAlive(Duration.ZERO).deadAfter(Duration.ofMillis(600)),
                "data_type=json&strict=True");

        wire.advance(400);
        wire.receive(header(PING));
        wire.advance(400);
        assertThat(c.isOpen()).as("600 ms since the last read have not passed").isTrue();
        wire.advance(200);
        assertThat(c.isOpen()).isFalse();
        assertThat(c.closeReason().kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
    }

    @Test
    void aStreamThatSendsShowsLifeThoughItReceivesNothing() throws Exception {
        Connection c = connected(PeerConfig.builder().keepAlive(Duration.ZERO).deadAfter(Duration.ofMillis(600)),
                "data_type=bytes&strict=True&stream=True&data_size=4");

        c.sendAsync(new byte[] {1, 2, 3, 4});
        assertThat(wire.written()).as("a bare stream payload").containsExactly(1, 2, 3, 4);
        wire.advance(600);
        assertThat(c.isOpen()).as("it sent since it last heard").isTrue();
        wire.advance(600);
        assertThat(c.isOpen()).as("silent both ways for the dead-after time").isFalse();
        assertThat(c.closeReason().kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
    }
}
