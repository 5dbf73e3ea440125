package io.p2pboot.bench.jgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jgroups.JChannel;
import org.jgroups.protocols.MPING;
import org.jgroups.protocols.TP;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;

/** The contender's channels stay on loopback: the stack as loaded, and the check that refuses anything else. */
class JGroupsStackTest {

    @Test
    void theStackListensOnLoopbackWithoutDiagnosticsOrMulticastDiscovery() throws Exception {
        int port = JGroupsStack.freePort();
        try (JChannel channel = JGroupsStack.channel(port, port)) {
            TP transport = channel.getProtocolStack().getTransport();
            assertThat(transport.getBindAddress().isLoopbackAddress()).isTrue();
            assertThat(transport.getDiagnosticsHandler() == null || !transport.getDiagnosticsHandler().isEnabled()).isTrue();
            assertThat(channel.getProtocolStack().getProtocols()).extracting(Protocol::getName)
                    .contains("TCP", "TCPPING").doesNotContain("UDP", "MPING", "PING");
        }
    }

    @Test
    void aMulticastDiscoveryProtocolIsRefused() throws Exception {
        int port = JGroupsStack.freePort();
        try (JChannel channel = JGroupsStack.channel(port, port)) {
            channel.getProtocolStack().insertProtocolAtTop(new MPING()); // never started: the check comes first
            assertThatThrownBy(() -> JGroupsStack.checkLoopbackOnly(channel))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("MPING");
        }
    }
}
