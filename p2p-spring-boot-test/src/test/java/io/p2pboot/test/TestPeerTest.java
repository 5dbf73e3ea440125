package io.p2pboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.CloseReason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** With @P2pTest, the application's peer is on loopback with free ports, and a TestPeer talks to it. */
@SpringBootTest(classes = EchoApplication.class)
@P2pTest
class TestPeerTest {

    @Autowired
    Peer application;

    @Autowired
    TestPeer testPeer;

    @Test
    void theApplicationsPeerListensOnLoopbackOnAFreePortWithoutDiscovery() {
        assertThat(application.isListening()).isTrue();
        assertThat(application.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(application.address().getPort()).isPositive();
        assertThat(application.config().discovery() == null || !application.config().discovery().enabled())
                .as("no discovery traffic").isTrue();
    }

    @Test
    void aTestPeerSendsAndAwaitsWhatTheApplicationSendsBack() {
        testPeer.send(Map.of("text", "hi"));
        assertThat(testPeer.receive(Map.class)).isEqualTo(Map.of("echo", Map.of("text", "hi")));
        assertThat(testPeer.connection().peerName()).isEqualTo(application.name());
    }

    @Test
    void nothingComingBackFailsTheTestSayingSo() {
        testPeer.send(Map.of("quiet", true));
        assertThatThrownBy(() -> testPeer.receive(Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("no message from the application's peer " + application.name() + " within 300 ms");
    }

    @Test
    void aConnectionTheApplicationClosesIsSeenClosed() {
        testPeer.connect();
        application.connection(testPeer.peer().name()).orElseThrow().close();
        assertThat(testPeer.awaitClosed(Duration.ofSeconds(5)).kind()).isEqualTo(CloseReason.Kind.REMOTE);
    }
}
