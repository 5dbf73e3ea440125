package io.p2pboot.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.discovery.Discovery;
import io.p2pboot.peer.Peer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** @P2pTest(discovery = true) keeps discovery on loopback, on a free port, so parallel tests do not share 1024. */
@SpringBootTest(classes = EchoApplication.class, properties = "p2p.port=0")
@P2pTest(discovery = true)
class P2pTestDiscoveryTest {

    @Autowired
    Peer application;

    @Test
    void discoveryRunsOnLoopbackOnAFreePort() {
        Discovery discovery = application.discovery().orElseThrow();
        assertThat(discovery.isRunning()).isTrue();
        assertThat(discovery.port()).isPositive().isNotEqualTo(1024);
        assertThat(discovery.config().broadcastAddresses()).extracting(a -> a.getHostAddress())
                .containsExactly("127.255.255.255");
    }
}
