package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.handler.OnClose;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.handler.OnListen;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.autoconfigure.handler.P2pHandlerRegistrar;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration wires annotated methods to its peer before the peer listens. */
class AnnotatedHandlersIntegrationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    record Chat(String from, String text) {
    }

    static class ChatHandlers {
        final List<String> events = new CopyOnWriteArrayList<>();

        @OnListen
        void listening(Peer peer) {
            events.add("listen " + peer.name());
        }

        @OnOffer
        boolean onlyJson(Offer offer) {
            return offer.dataType() == DataType.JSON;
        }

        @OnData
        void chat(Chat chat, Connection from) {
            events.add(chat.from() + ": " + chat.text());
            from.sendAsync(new Chat("app", "got " + chat.text()));
        }

        @OnClose
        void closed(CloseReason reason) {
            events.add("close " + reason.kind());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        ChatHandlers chatHandlers() {
            return new ChatHandlers();
        }
    }

    @Test
    void annotatedMethodsOfTheApplicationDriveTheAutoConfiguredPeer() {
        runner.withUserConfiguration(App.class).run(context -> {
            assertThat(context).hasSingleBean(P2pHandlerRegistrar.class);
            ChatHandlers handlers = context.getBean(ChatHandlers.class);
            Peer peer = context.getBean(Peer.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !handlers.events.isEmpty());
            assertThat(handlers.events).first().isEqualTo("listen " + peer.name());
            try (Peer client = Peer.create(PeerConfig.builder().build()).start()) {
                Connection c = client.connect(peer.name());
                c.send(new Chat("alice", "hi"));
                assertThat(c.receive(Duration.ofSeconds(5)).as(Chat.class)).isEqualTo(new Chat("app", "got hi"));
                assertThatThrownBy(() -> client.connect(peer.name(),
                        ConnectOptions.of(DataType.BYTES)))
                        .isInstanceOf(ConnectionDeniedException.class);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> handlers.events.contains("close REMOTE"));
            assertThat(handlers.events).contains("alice: hi");
        });
    }

    @Test
    void closeOnErrorIsReadFromTheProperty() {
        runner.withPropertyValues("p2p.handlers.close-on-error=true").run(context ->
                assertThat(context.getBean(P2pHandlerRegistrar.class).isCloseConnectionOnError()).isTrue());
        runner.run(context ->
                assertThat(context.getBean(P2pHandlerRegistrar.class).isCloseConnectionOnError()).isFalse());
    }
}
