package io.p2pboot.peer;

import static io.p2pboot.peer.WireBytes.concat;
import static io.p2pboot.peer.WireBytes.data;
import static io.p2pboot.peer.WireBytes.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EmbeddedPipes;
import io.p2pboot.pipe.EmbeddedPipes.Wire;
import io.p2pboot.protocol.DataType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's handshake on an embedded socket, byte by byte: what it answers to a HELLO, and
 * how it closes on anything else. The peer is real (listening on loopback); only the accepted
 * socket under test is embedded.
 */
class ListenerHandshakeTest {

    private static final String HELLO = "HELLO|peer_name=127.0.0.1:40000&data_type=json&strict=True";

    private Peer peer;
    private Wire wire;

    private Peer started(PeerConfig.Builder config) throws Exception {
        peer = Peer.create(config.address("127.0.0.1").port(0).build());
        return peer.start();
    }

    private Wire accepted() {
        return accepted(new InetSocketAddress(InetAddress.getLoopbackAddress(), 45_001));
    }

    private Wire accepted(InetSocketAddress from) {
        wire = EmbeddedPipes.open(ConnectionProtocol.listening(peer), from);
        return wire;
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
            if (peer != null) {
                peer.stop();
            }
        }
    }

    @Test
    void aWellFormedHelloIsAnsweredAcceptAndThePeerListsTheConnection() throws Exception {
        started(PeerConfig.builder());
        accepted().receive(header(HELLO));

        assertThat(wire.written()).isEqualTo(header("ACCEPT"));
        assertThat(peer.connections()).containsOnlyKeys("127.0.0.1:40000");
        Connection c = peer.connections().get("127.0.0.1:40000");
        assertThat(c.pipe()).isSameAs(wire.pipe());
        assertThat(c.dataType()).isEqualTo(DataType.JSON);
        assertThat(c.strict()).isTrue();
        assertThat(c.stream()).isFalse();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void dataBeforeTheHelloClosesWithAProtocolReasonThatNamesIt() throws Exception {
        started(PeerConfig.builder());
        accepted().receive(data("json", "{\"data\": 1}"));

        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).contains("expected HELLO").contains("DATA");
        assertThat(wire.written()).isEmpty();
        assertThat(peer.connections()).isEmpty();
        assertThat(peer.protocolErrors()).isEqualTo(1);
    }

    @Test
    void aHelloWhoseNameIsNotTheSourceAddressIsAnsweredDeny() throws Exception {
        started(PeerConfig.builder());
        // An embedded channel: no packet leaves. TEST-NET-2 addresses (RFC 5737) stand for a source
        // that is not loopback, so only an exact match would do.
        accepted(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 50_000))
                .receive(header("HELLO|peer_name=198.51.100.8:40000&data_type=json&strict=True"));

        assertThat(wire.written()).isEqualTo(header("DENY"));
        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).contains("198.51.100.8:40000 does not match the connection's source IP 198.51.100.7");
        assertThat(peer.deniedOffers()).isEqualTo(1);
        assertThat(peer.connections()).isEmpty();
    }

    @Test
    void noHelloWithinThePeersTimeoutClosesWithTimeout() throws Exception {
        started(PeerConfig.builder().timeout(Duration.ofMillis(500)));
        accepted();

        wire.advance(499);
        assertThat(wire.isOpen()).as("open until the timeout has passed").isTrue();
        wire.advance(1);
        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.TIMEOUT);
        assertThat(reason.detail()).isEqualTo("no HELLO within 500 ms");
        assertThat(wire.written()).isEmpty();
    }

    @Test
    void anOfferHandlerDecidesOffTheReadAndReadingPausesUntilItHas() throws Exception {
        started(PeerConfig.builder()).onOffer((p, offer) -> offer.peerName().equals("127.0.0.1:40000"));
        accepted().writeInbound(wire.alloc().buffer().writeBytes(header(HELLO)));

        // the HELLO was read; the decision waits on the handler executor, and so does the answer
        assertThat(wire.config().isAutoRead()).isFalse();
        assertThat(wire.outboundMessages()).isEmpty();
        wire.settle();
        assertThat(wire.written()).isEqualTo(header("ACCEPT"));
        assertThat(wire.config().isAutoRead()).isTrue();
        assertThat(peer.connections()).containsOnlyKeys("127.0.0.1:40000");
    }

    @Test
    void anOfferHandlerThatDeniesGetsDenyWrittenAndALocalReason() throws Exception {
        started(PeerConfig.builder()).onOffer((p, offer) -> false);
        accepted().receive(header(HELLO));

        assertThat(wire.written()).isEqualTo(header("DENY"));
        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.LOCAL);
        assertThat(reason.detail()).isEqualTo("offer from 127.0.0.1:40000 denied");
        assertThat(peer.deniedOffers()).isEqualTo(1);
        assertThat(peer.connections()).isEmpty();
    }

    @Test
    void aHeaderAfterTheHelloBeforeTheAnswerIsAProtocolViolation() throws Exception {
        started(PeerConfig.builder()).onOffer((p, offer) -> true);
        accepted().writeInbound(wire.alloc().buffer().writeBytes(header(HELLO)));
        // the offer is not decided yet (its task waits on the handler executor) when a second HELLO comes
        wire.receive(header(HELLO));

        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).isEqualTo("HELLO before the offer was answered");
        assertThat(wire.written()).as("no answer once the socket is closing").isEmpty();
        assertThat(peer.connections()).isEmpty();
    }

    @Test
    void aHeaderTheHandshakeDoesNotAllowAfterTheHelloIsAProtocolViolation() throws Exception {
        started(PeerConfig.builder()).onOffer((p, offer) -> true);
        accepted().receive(concat(header(HELLO), header("PING|pinger=127.0.0.1:40000")));

        assertThat(wire.isOpen()).isFalse();
        CloseReason reason = wire.pipe().closeReason();
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).isEqualTo("expected HELLO during the handshake, got PING");
        assertThat(peer.connections()).isEmpty();
    }
}
