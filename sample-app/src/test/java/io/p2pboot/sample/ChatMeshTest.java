package io.p2pboot.sample;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Two copies of the chat with broadcast off, each given the other as a seed, in the mesh: they
 * find and connect to each other with no click, and when one stops and starts again on its port,
 * the connection comes back by itself.
 */
class ChatMeshTest {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void seededCopiesConnectByThemselvesAndReconnectAfterARestart() throws Exception {
        int alicePort = freeTcpPort();
        int bobPort = freeTcpPort();
        String aliceName = "127.0.0.1:" + alicePort;
        String bobName = "127.0.0.1:" + bobPort;
        try (ChatInstance alice = ChatInstance.start(0, mesh(alicePort, bobPort))) {
            ChatInstance bob = ChatInstance.start(0, mesh(bobPort, alicePort));
            try {
                await().atMost(PATIENCE).until(() -> connectionPeers(alice).equals(List.of(bobName))
                        && connectionPeers(bob).equals(List.of(aliceName)));
                // Bob's mesh may have dialled Alice before her seed round found him: she wants him once it has
                await().atMost(PATIENCE).until(() -> alice.get("/actuator/health").body()
                        .contains("\"mesh\":{\"connected\":1,\"wanted\":1"));
            } finally {
                bob.close();
            }
            await().atMost(PATIENCE).until(() -> connectionPeers(alice).isEmpty());

            try (ChatInstance bobAgain = ChatInstance.start(0, mesh(bobPort, alicePort))) {
                await().atMost(PATIENCE).until(() -> connectionPeers(alice).equals(List.of(bobName)));
                await().atMost(PATIENCE).until(() -> connectionPeers(bobAgain).equals(List.of(aliceName)));
                await().atMost(PATIENCE).until(() -> alice.get("/actuator/health").body().contains("\"reconnects\":1"));
            }
        }
    }

    /** The properties a user would pass: broadcast off, the other copy as a seed, the mesh on. */
    private static String[] mesh(int ownPort, int otherPort) {
        return new String[] {"p2p.port=" + ownPort, "p2p.discovery.enabled=false", "p2p.seeds=127.0.0.1:" + otherPort,
                "p2p.mesh.enabled=true", "p2p.mesh.reconnect.initial=100ms", "p2p.mesh.reconnect.max=1s",
                "management.endpoint.health.show-details=always"};
    }

    private static List<String> connectionPeers(ChatInstance instance) {
        return StreamSupport.stream(instance.get("/api/connections").json().spliterator(), false)
                .map(c -> c.path("peer").asString()).toList();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
