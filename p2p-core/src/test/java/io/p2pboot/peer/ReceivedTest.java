package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.codec.CountingJson;
import io.p2pboot.codec.CountingJson.Line;
import io.p2pboot.codec.JsonPayloadCodec;
import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.codec.PayloadTypeMismatchException;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A received message keeps what it decoded, so the handlers of one message decode it once between them. */
class ReceivedTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();
    private final CountingJson counting = new CountingJson();

    private Peer peer(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        peers.add(p);
        return p;
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoHandlersReadingTheSameTypeGetOneInstanceBoundOnce() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Peer bob = peer(PeerConfig.builder().codecs(PayloadCodecs.standard(counting.mapper())))
                .onData((connection, data) -> seen.add(data.as(Line.class)))
                .onData((connection, data) -> seen.add(data.as(Line.class)))
                .start();
        Peer alice = peer(PeerConfig.builder()).start();

        Connection toBob = alice.connect(bob.name());
        for (int i = 0; i < 3; i++) {
            toBob.send(new Line("alice", "line " + i));
        }

        await().atMost(WAIT).until(() -> seen.size() == 6);
        for (int i = 0; i < 3; i++) {
            assertThat(seen.get(2 * i)).isEqualTo(new Line("alice", "line " + i)).isSameAs(seen.get(2 * i + 1));
        }
        assertThat(counting.lines()).isEqualTo(3);
    }

    /** A data handler that says in advance which type it reads payloads as. */
    private record Typed(List<Object> seen) implements PeerHandlers.DataHandler {
        @Override
        public void onData(Connection connection, Received data) {
            seen.add(data.as(Line.class));
        }

        @Override
        public java.lang.reflect.Type payloadType() {
            return Line.class;
        }
    }

    @Test
    void handlersThatDeclareTheirTypeGetEachPayloadCheckedAndBoundInOneParse() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Peer bob = peer(PeerConfig.builder().codecs(PayloadCodecs.standard(counting.mapper())))
                .onData(new Typed(seen)).onData(new Typed(seen)).start();
        Peer alice = peer(PeerConfig.builder()).start();

        Connection toBob = alice.connect(bob.name());
        for (int i = 0; i < 3; i++) {
            toBob.send(new Line("alice", "line " + i));
        }

        await().atMost(WAIT).until(() -> seen.size() == 6);
        assertThat(seen.get(4)).isEqualTo(new Line("alice", "line 2")).isSameAs(seen.get(5));
        assertThat(counting.parsers()).as("one parse per message: no separate check on arrival").isEqualTo(3);
        assertThat(counting.lines()).isEqualTo(3);
    }

    @Test
    void aMalformedPayloadForTypedHandlersStillClosesTheConnectionAsAProtocolViolation() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Peer bob = peer(PeerConfig.builder().codecs(PayloadCodecs.standard(counting.mapper())))
                .onData(new Typed(seen)).start();
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendHeader("HELLO|peer_name=127.0.0.1:40100&data_type=json&strict=True");
            assertThat(raw.readHeader()).isEqualTo("ACCEPT");
            raw.sendData("json", json("{\"data\": {\"from\": \"raw\", \"text\": \"fine\"}}"));
            raw.sendData("json", json("{\"data\": {\"from\": "));
            await().atMost(WAIT).until(() -> seen.size() == 1);
            await().atMost(WAIT).until(() -> bob.protocolErrors() == 1);
        }
        assertThat(seen).containsExactly(new Line("raw", "fine"));
    }

    @Test
    void aPayloadBoundOnTheHandlersThreadIsParsedOnceAndStillReadsAsAnything() throws Exception {
        Connection connection = connection();
        JsonPayloadCodec codec = new JsonPayloadCodec(counting.mapper());
        byte[] payload = json("{\"data\": {\"from\": \"ann\", \"text\": \"hi\"}}");

        Received received = Received.bind(connection, DataType.JSON, payload, Line.class, codec, payload.length);
        Object first = received.as(Line.class);
        assertThat(first).isEqualTo(new Line("ann", "hi")).isSameAs(received.as(Line.class));
        assertThat(counting.parsers()).isEqualTo(1);
        assertThat(counting.lines()).isEqualTo(1);

        assertThat(received.value()).isEqualTo(Map.of("from", "ann", "text", "hi")).isSameAs(received.value());
        assertThat(received.as(Object.class)).isSameAs(received.value());
        assertThat((Object) received.as(Map.class)).isEqualTo(Map.of("from", "ann", "text", "hi"));
        assertThat(counting.parsers()).as("one parse for the natural value; Map converted from it").isEqualTo(1 + 1);
        assertThat(received.size()).isEqualTo(payload.length);
        assertThat(received.dataType()).isEqualTo(DataType.JSON);
    }

    @Test
    void bindingRejectsAPayloadThatIsNotJsonAndDeliversOneThatDoesNotFit() throws Exception {
        Connection connection = connection();
        JsonPayloadCodec codec = new JsonPayloadCodec(counting.mapper());
        byte[] broken = json("{\"data\": {\"from\": \"ann\", ");
        assertThatThrownBy(() -> Received.bind(connection, DataType.JSON, broken, Line.class, codec, broken.length))
                .isInstanceOf(ProtocolException.class);

        byte[] number = json("{\"data\": 7}");
        Received received = Received.bind(connection, DataType.JSON, number, Point.class, codec, number.length);
        int parsed = counting.parsers();
        for (int handler = 0; handler < 2; handler++) {
            assertThatThrownBy(() -> received.as(Point.class))
                    .isInstanceOf(PayloadTypeMismatchException.class)
                    .hasMessageStartingWith("json value cannot be read as " + Point.class.getName());
        }
        assertThat(counting.parsers()).isEqualTo(parsed);
        assertThat(received.value()).isEqualTo(7);
        assertThat(received.as(Integer.class)).isEqualTo(7);
    }

    record Point(int x, int y) {
    }

    /** A real connection for messages made in the test to belong to. */
    private Connection connection() throws Exception {
        Peer bob = peer(PeerConfig.builder()).start();
        Peer alice = peer(PeerConfig.builder()).start();
        return alice.connect(bob.name());
    }
}
