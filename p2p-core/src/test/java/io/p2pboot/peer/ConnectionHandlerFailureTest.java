package io.p2pboot.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A data handler that throws an {@code Error} loses no message unsaid. */
class ConnectionHandlerFailureTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private Peer bob;

    @BeforeEach
    void start() throws Exception {
        bob = Peer.create(PeerConfig.builder().build()).start();
    }

    @AfterEach
    void stop() {
        bob.stop();
    }

    /** Six json messages, 0 to 5, in a single write: one read, one batch for the handlers. */
    private static byte[] sixMessagesInOneWrite() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            byte[] payload = ("{\"data\": " + i + "}").getBytes(UTF_8);
            all.writeBytes(RawPeer.header("DATA|data_size=" + payload.length + "&data_type=json"));
            all.writeBytes(payload);
        }
        return all.toByteArray();
    }

    private RawPeer connected(int port) throws Exception {
        RawPeer raw = new RawPeer(bob.address());
        raw.sendHeader("HELLO|peer_name=127.0.0.1:" + port + "&data_type=json&strict=True");
        assertThat(raw.readHeader()).isEqualTo("ACCEPT");
        return raw;
    }

    private void theRestOfTheBatchIsDeliveredAfter(Supplier<Error> error, int port) throws Exception {
        List<Object> delivered = new CopyOnWriteArrayList<>();
        PeerHandlers.DataHandler handler = (c, d) -> {
            if (d.value().equals(0)) {
                throw error.get();
            }
            delivered.add(d.value());
        };
        bob.onData(handler);
        try (RawPeer raw = connected(port)) {
            raw.send(sixMessagesInOneWrite());
            await().atMost(WAIT).until(() -> delivered.size() == 5);
            assertThat(delivered).containsExactly(1, 2, 3, 4, 5);
            assertThat(bob.connection("127.0.0.1:" + port)).hasValueSatisfying(c -> assertThat(c.isOpen()).isTrue());
        } finally {
            bob.removeHandler(handler);
        }
    }

    @Test
    void anAssertionErrorInAHandlerIsLoggedAndTheRestOfTheBatchIsDelivered() throws Exception {
        theRestOfTheBatchIsDeliveredAfter(() -> new AssertionError("bad value"), 45001);
    }

    @Test
    void aStackOverflowInAHandlerIsLoggedAndTheRestOfTheBatchIsDelivered() throws Exception {
        theRestOfTheBatchIsDeliveredAfter(StackOverflowError::new, 45002);
    }

    @Test
    void aFatalErrorInAHandlerClosesTheConnectionSayingHowManyMessagesWereNotDelivered() throws Exception {
        AtomicReference<CloseReason> closed = new AtomicReference<>();
        bob.onClose((c, r) -> closed.set(r));
        bob.onData((c, d) -> {
            if (d.value().equals(0)) {
                throw new OutOfMemoryError("pretend");
            }
        });
        try (RawPeer raw = connected(45003)) {
            raw.send(sixMessagesInOneWrite());
            await().atMost(WAIT).until(() -> closed.get() != null);
            assertThat(closed.get().detail()).contains("a data handler failed fatally on the connection to 127.0.0.1:45003")
                    .contains("5 received message(s) after it were not delivered");
            assertThat(raw.closedByOtherSide()).isTrue();
        }
    }
}
