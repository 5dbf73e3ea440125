package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A send the other side would refuse for its size fails at once, and the connection carries on. */
class ConnectionSendSizeTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final int MAX = 1024;
    private Peer alice;
    private Peer bob;

    @BeforeEach
    void start() throws Exception {
        bob = Peer.create(PeerConfig.builder().maxMessageSize(MAX).build()).start();
        alice = Peer.create(PeerConfig.builder().maxMessageSize(MAX).build()).start();
    }

    @AfterEach
    void stop() {
        alice.stop();
        bob.stop();
    }

    @Test
    void bytesLargerThanTheMaxMessageSizeAreRefusedAndTheNextMessageArrives() throws Exception {
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        assertThatThrownBy(() -> c.send(new byte[MAX + 1]))
                .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(MAX + 1);
                    assertThat(e.limit()).isEqualTo(MAX);
                })
                .hasMessage("a message of 1025 bytes is larger than the maximum message size (1024 bytes)");
        c.send(new byte[MAX]);
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        assertThat((byte[]) atBob.receive(WAIT).value()).hasSize(MAX);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void encodedValuesLargerThanTheMaxMessageSizeAreRefusedAndTheNextMessageArrives() throws Exception {
        Connection json = alice.connect(bob.name());
        assertThatThrownBy(() -> json.send(Map.of("text", "x".repeat(MAX))))
                .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("maximum message size (1024 bytes)");
        assertThatThrownBy(() -> json.sendAsync(List.of("x".repeat(MAX))))
                .isInstanceOf(MessageTooLargeException.class);
        json.send("fits");
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        assertThat(atBob.receive(WAIT).value()).isEqualTo("fits");
        assertThat(json.isOpen()).isTrue();
        json.close();

        Connection raw = alice.connect(bob.name(), ConnectOptions.of(DataType.RAW));
        assertThatThrownBy(() -> raw.send("x".repeat(MAX))).isInstanceOf(MessageTooLargeException.class);
        raw.send("fits too");
        Connection rawAtBob = bob.awaitConnectionTo(alice.name(), WAIT);
        assertThat(rawAtBob.receive(WAIT).value()).isEqualTo("fits too");
    }
}
