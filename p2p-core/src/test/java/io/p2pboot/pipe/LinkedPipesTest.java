package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkedPipesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aRelayCarriesMessagesBothWaysWithoutLooping() throws Exception {
        AtomicInteger echoed = new AtomicInteger();
        // A TCP echo service, a UDP client, and between them a relay: a UDP pipe linked to a TCP pipe.
        try (Pipe echo = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, f, p) -> {
                echoed.incrementAndGet();
                p.send(m);
            }).open();
             Pipe udpClient = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe relayUdp = Pipe.udp().bind("127.0.0.1", 0).to(udpClient.localAddress()).open();
             Pipe relayTcp = Pipe.tcp().to(echo.localAddress()).open()) {
            Pipe.relay(relayUdp, relayTcp);
            udpClient.send("through".getBytes(UTF_8), relayUdp.localAddress()).join();
            assertThat(udpClient.recv(WAIT).data()).asString(UTF_8).isEqualTo("through");
            assertThat(udpClient.recv(Duration.ofMillis(200))).as("no loop: one echo only").isNull();
            assertThat(echoed).hasValue(1);

            relayUdp.unlink(relayTcp);
            udpClient.send("dropped".getBytes(UTF_8), relayUdp.localAddress()).join();
            assertThat(udpClient.recv(Duration.ofMillis(200))).isNull();
            assertThat(echoed).hasValue(1);
        }
    }

    @Test
    void aPipeWithoutDestinationCannotBeLinkedTo() throws Exception {
        try (Pipe a = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe b = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> a.link(b)).hasMessageContaining("needs a destination");
            assertThatThrownBy(() -> a.link(a)).hasMessageContaining("itself");
        }
    }

    @Test
    void anExistingJdkSocketCanBeWrapped() throws Exception {
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, f, p) -> p.send(m)).open()) {
            SocketChannel socket = SocketChannel.open(server.localAddress());
            try (Pipe wrapped = Pipe.tcp().wrap(socket).open()) {
                assertThat(wrapped.remoteAddress()).isEqualTo(server.localAddress());
                wrapped.send("wrapped".getBytes(UTF_8));
                assertThat(wrapped.recv(WAIT).data()).asString(UTF_8).isEqualTo("wrapped");
            }
        }
    }
}
