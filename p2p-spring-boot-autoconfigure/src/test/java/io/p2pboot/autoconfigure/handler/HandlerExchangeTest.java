package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two applications, each with its own peer, play ping-pong with records through annotated methods only. */
class HandlerExchangeTest {

    record Ping(int round, String from) {
    }

    record Pong(int round, String to) {
    }

    @Test
    void twoPeersExchangeTypedRecordsThroughOnDataMethods() {
        runner().withBean(PingServer.class).run(server -> runner().withBean(PongClient.class).run(client -> {
            Peer serverPeer = server.getBean(Peer.class).start();
            Peer clientPeer = client.getBean(Peer.class).start();

            clientPeer.connect(serverPeer.name()).send(new Ping(1, "client"));

            // The client's handler answers every pong with the next ping, up to round 3.
            await().atMost(WAIT).until(() -> client.getBean(Recorder.class).events()
                    .contains("pong 3 to client"));
            await().atMost(WAIT).until(() -> server.getBean(Recorder.class).events()
                    .containsAll(List.of("ping 1 from client", "ping 2 from client", "ping 3 from client")));
        }));
    }

    static class PingServer {

        private final Recorder recorder;

        PingServer(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void ping(Ping ping, Connection connection) throws Exception {
            recorder.add("ping " + ping.round() + " from " + ping.from());
            connection.send(new Pong(ping.round(), ping.from()));
        }
    }

    static class PongClient {

        private final Recorder recorder;

        PongClient(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void pong(Pong pong, Connection connection) throws Exception {
            recorder.add("pong " + pong.round() + " to " + pong.to());
            if (pong.round() < 3) {
                connection.send(new Ping(pong.round() + 1, pong.to()));
            }
        }
    }
}
