package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The two examples of the P2PD seed, in Java, reading about as simply as the Python. */
class SeedExamplesTest {

    @Test
    void tcpEchoServerSendsBackWhatItReceives() throws Exception {
        // Start the server and use the handler to echo messages to their sender.
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0)
                .onMessage((msg, from, pipe) -> pipe.send(msg, from)).open();
             // Connect to the server.
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            // Send data to the server and check receipt.
            byte[] msg = "test msg.".getBytes(StandardCharsets.UTF_8);
            client.send(msg);
            assertThat(client.recv().data()).isEqualTo(msg);
        }
    }

    @Test
    void udpRequestIsRetriedUntilAnswered() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        // A UDP server on loopback that ignores the first two requests, like a lossy network.
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).onMessage((msg, from, pipe) -> {
                if (requests.incrementAndGet() == 3) {
                    pipe.send("pong".getBytes(StandardCharsets.UTF_8), from);
                }
            }).open();
             Pipe pipe = Pipe.udp().to(server.localAddress()).open()) {
            byte[] reply = null;
            // UDP is unreliable: try up to 3 times.
            for (int i = 0; i < 3 && reply == null; i++) {
                pipe.send("ping".getBytes(StandardCharsets.UTF_8));
                Message resp = pipe.recv(Duration.ofMillis(300));
                reply = resp == null ? null : resp.data();
            }
            assertThat(reply).asString(StandardCharsets.UTF_8).isEqualTo("pong");
            assertThat(requests).hasValue(3);
        }
    }
}
