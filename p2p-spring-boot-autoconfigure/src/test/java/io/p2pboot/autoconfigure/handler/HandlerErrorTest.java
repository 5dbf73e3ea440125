package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.CloseReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;

/** A failing handler or an unreadable payload is logged and skipped; only when asked does it close the connection. */
class HandlerErrorTest {

    @Test
    void aThrowingHandlerNeitherStopsOtherHandlersNorTheConnection() {
        runner().withBean(ThrowingHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send("boom");
                connection.send("after");
                await().atMost(WAIT).until(() -> recorder.events().contains("picky after"));
                assertThat(recorder.events()).containsExactly("tolerant boom", "tolerant after", "picky after");
                assertThat(connection.isOpen()).isTrue();
            }
        });
    }

    @Test
    void anUnconvertiblePayloadSkipsOnlyThatHandlerForThatMessage() {
        runner().withBean(ThrowingHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send(Map.of("x", 1, "y", 2));
                connection.send(List.of("not", "a", "point"));
                connection.send(Map.of("x", 3, "y", 4));
                await().atMost(WAIT).until(() -> recorder.events().contains("point Point[x=3, y=4]"));
                assertThat(recorder.events()).filteredOn(e -> e.startsWith("point"))
                        .containsExactly("point Point[x=1, y=2]", "point Point[x=3, y=4]");
                assertThat(connection.isOpen()).isTrue();
            }
        });
    }

    @Test
    void withCloseConnectionOnErrorAFailingHandlerClosesItsConnection() {
        runner().withBean(ThrowingHandlers.class).run(context -> {
            context.getBean(P2pHandlerRegistrar.class).setCloseConnectionOnError(true);
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send("boom");
                await().atMost(WAIT).until(() -> !connection.isOpen());
                await().atMost(WAIT).until(() -> recorder.events().contains("close ERROR"));
                assertThat(connection.closeReason().kind()).isEqualTo(CloseReason.Kind.REMOTE);
            }
        });
    }

    @Test
    void withCloseConnectionOnErrorAnUnconvertiblePayloadClosesItsConnection() {
        runner().withBean(ThrowingHandlers.class).run(context -> {
            context.getBean(P2pHandlerRegistrar.class).setCloseConnectionOnError(true);
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send(List.of(1, 2));
                await().atMost(WAIT).until(() -> !connection.isOpen());
                await().atMost(WAIT).until(() -> recorder.events().contains("close ERROR"));
            }
        });
    }

    record Point(int x, int y) {
    }

    static class ThrowingHandlers {

        private final Recorder recorder;

        ThrowingHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        @Order(1)
        void tolerant(String text) {
            recorder.add("tolerant " + text);
        }

        @OnData
        @Order(2)
        void picky(String text) {
            if (text.equals("boom")) {
                throw new IllegalArgumentException("cannot stand boom");
            }
            recorder.add("picky " + text);
        }

        @OnData
        void point(Point point) {
            recorder.add("point " + point);
        }

        @OnClose
        void closed(CloseReason reason) {
            recorder.add("close " + reason.kind());
        }
    }
}
