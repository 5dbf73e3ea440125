package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.handler.OnListen;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.Received;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The peer's place among a web application's lifecycles, in a whole Spring Boot application with
 * Tomcat and {@code server.shutdown=graceful}: it listens before the server takes requests, and a
 * request still in progress when the context closes finds the peer and its connection.
 */
class PeerLifecycleOrderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SlowController.class)
    static class App {
    }

    /** Order of what happened at start, as the beans saw it. */
    static final List<String> started = new CopyOnWriteArrayList<>();

    /** {@code GET /slow?to=peer}: waits until released, then says what it sees and sends on the connection. */
    @RestController
    static class SlowController {

        static final CountDownLatch inProgress = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        private final Peer peer;

        SlowController(Peer peer) {
            this.peer = peer;
        }

        @OnListen
        void listening(Peer listening) {
            started.add("peer listening");
        }

        @EventListener
        void webServerStarted(WebServerInitializedEvent event) {
            started.add("web server started, peer listening: " + peer.isListening());
        }

        @GetMapping("/slow")
        String slow(@RequestParam String to) throws Exception {
            inProgress.countDown();
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Connection connection = peer.connection(to).orElse(null);
            boolean open = connection != null && connection.isOpen();
            if (open) {
                connection.send("sent during shutdown").join();
            }
            return "listening=" + peer.isListening() + " open=" + open;
        }
    }

    @Test
    void theWebServerDrainsItsRequestsBeforeThePeerStops() throws Exception {
        try (Peer remote = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).build()).start()) {
            CompletableFuture<Received> lastWord = new CompletableFuture<>();
            remote.onData((connection, received) -> lastWord.complete(received));

            ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                            "p2p.discovery.enabled=false", "spring.main.banner-mode=off", "spring.jmx.enabled=false")
                    .run();
            CompletableFuture<Void> closed = null;
            try {
                List<String> startOrder = List.copyOf(started);
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                Peer peer = context.getBean(Peer.class);
                peer.connect(remote.name());

                CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow?to=" + remote.name()))
                                .timeout(PATIENCE).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(SlowController.inProgress.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

                closed = CompletableFuture.runAsync(context::close);
                // the graceful shutdown has begun once the server accepts no more connections
                await().atMost(PATIENCE).until(() -> !accepts(port));
                SlowController.release.countDown();

                assertThat(response.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("listening=true open=true");
                assertThat(lastWord.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).value()).isEqualTo("sent during shutdown");
                closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(peer.isListening()).isFalse();

                // handlers registered before the peer listens (@OnListen was called); the peer before the server
                assertThat(startOrder).containsExactly("peer listening", "web server started, peer listening: true");
            } finally {
                SlowController.release.countDown();
                if (closed == null) {
                    context.close();
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
