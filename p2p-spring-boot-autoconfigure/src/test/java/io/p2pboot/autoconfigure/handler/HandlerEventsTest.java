package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Each annotation receives its event from a real peer on loopback, with arguments resolved by type. */
class HandlerEventsTest {

    @Test
    void listenConnectionCloseAndStopReachTheirMethods() {
        runner().withBean(LifecycleHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            await().atMost(WAIT).until(() -> recorder.events().contains("listen " + peer.name()));

            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                await().atMost(WAIT).until(() -> recorder.events().contains("connection " + remote.name() + " json"));
                connection.close();
                await().atMost(WAIT).until(() -> recorder.events().contains("close " + remote.name() + " REMOTE"));
            }
            peer.stop();
            await().atMost(WAIT).until(() -> recorder.events().contains("stop " + peer.name()));
        });
    }

    @Test
    void typedPayloadAndContextArgumentsAreResolvedByType() {
        runner().withBean(DataHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send(Map.of("x", 3, "y", 4));
                connection.send(List.of(Map.of("x", 1, "y", 2), Map.of("x", 5, "y", 6)));

                await().atMost(WAIT).until(() -> recorder.events().containsAll(List.of(
                        "point Point[x=3, y=4] from " + remote.name() + " json",
                        "points [Point[x=1, y=2], Point[x=5, y=6]]",
                        "received json")));
            }
        });
    }

    @Test
    void dataFiltersSelectByDataTypeAndPeerAndBytesArriveAsByteArrays() {
        runner().withBean(FilteredHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection bytes = remote.connect(peer.name(), ConnectOptions.of(DataType.BYTES));
                bytes.send(new byte[] {1, 2, 3});
                await().atMost(WAIT).until(() -> recorder.events().contains("bytes 3"));
                bytes.close();

                Connection json = remote.connect(peer.name());
                json.send("text");
                await().atMost(WAIT).until(() -> recorder.events().contains("json text"));
            }
            // Nothing for the unknown peer, and json handlers never saw the bytes.
            assertThat(recorder.events()).containsExactly("bytes 3", "json text");
        });
    }

    @Test
    void everyOfferMethodMustAcceptAndAFailingOneDenies() {
        runner().withBean(OfferHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                assertThat(remote.connect(peer.name()).isOpen()).isTrue();
                // The first method accepts bytes, the second denies them.
                assertThatThrownBy(() -> remote.connect(peer.name(), ConnectOptions.of(DataType.BYTES)))
                        .isInstanceOf(ConnectionDeniedException.class);
                // The second method throws on raw: denied.
                assertThatThrownBy(() -> remote.connect(peer.name(), ConnectOptions.of(DataType.RAW)))
                        .isInstanceOf(ConnectionDeniedException.class);
                assertThat(recorder.events()).contains("offer json from " + remote.name(), "offer bytes", "offer raw");
            }
        });
    }

    @Test
    void metaAnnotatedMethodsAreHandlers() {
        runner().withBean(MetaAnnotatedHandlers.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                remote.connect(peer.name()).send("hello");
                await().atMost(WAIT).until(() -> recorder.events().contains("meta hello"));
            }
        });
    }

    @Test
    void aLazyBeanCreatedAfterStartUpIsRegisteredWhenCreated() {
        runner().withUserConfiguration(LazyHandlersConfiguration.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            assertThat(context.getBeanFactory().containsSingleton("lazyHandlers")).isFalse();
            context.getBean(MetaAnnotatedHandlers.class);
            try (Peer remote = remotePeer()) {
                remote.connect(peer.name()).send("late");
                await().atMost(WAIT).until(() -> recorder.events().contains("meta late"));
            }
        });
    }

    @Test
    void withoutAPeerBeanNothingIsRegisteredAndTheContextStarts() {
        new ApplicationContextRunner()
                .withBean(P2pHandlerRegistrar.class)
                .withBean(Recorder.class)
                .withBean(LifecycleHandlers.class)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(LifecycleHandlers.class));
    }

    record Point(int x, int y) {
    }

    static class LifecycleHandlers {

        private final Recorder recorder;

        LifecycleHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnListen
        void listening(Peer peer) {
            recorder.add("listen " + peer.name());
        }

        @OnConnection
        void connected(Connection connection, DataType dataType) {
            recorder.add("connection " + connection.peerName() + " " + dataType);
        }

        @OnClose
        void closed(CloseReason reason, Connection connection) {
            recorder.add("close " + connection.peerName() + " " + reason.kind());
        }

        @OnStop
        void stopped(Peer peer) {
            recorder.add("stop " + peer.name());
        }
    }

    static class DataHandlers {

        private final Recorder recorder;

        DataHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void point(Connection connection, Point point, DataType dataType) {
            recorder.add("point " + point + " from " + connection.peerName() + " " + dataType);
        }

        @OnData
        void points(List<Point> points) {
            recorder.add("points " + points);
        }

        @OnData
        void received(Received received) {
            if (received.value() instanceof List) {
                recorder.add("received " + received.dataType());
            }
        }
    }

    static class FilteredHandlers {

        private final Recorder recorder;

        FilteredHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData(dataType = DataType.BYTES)
        void bytes(byte[] payload) {
            recorder.add("bytes " + payload.length);
        }

        @OnData(dataType = {DataType.JSON, DataType.RAW})
        void json(Object payload) {
            recorder.add("json " + payload);
        }

        @OnData(peer = "127.0.0.1:1")
        void nobody(Object payload) {
            recorder.add("nobody " + payload);
        }
    }

    static class OfferHandlers {

        private final Recorder recorder;

        OfferHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnOffer
        boolean record(Offer offer, DataType dataType) {
            recorder.add(offer.dataType() == DataType.JSON ? "offer json from " + offer.peerName() : "offer " + dataType);
            return true;
        }

        @OnOffer
        Boolean onlyJson(Offer offer) {
            if (offer.dataType() == DataType.RAW) {
                throw new IllegalStateException("raw offers are not welcome");
            }
            return offer.dataType() == DataType.JSON;
        }
    }

    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @OnData(dataType = DataType.JSON)
    @interface OnJson {
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyHandlersConfiguration {

        @Bean
        @Lazy
        MetaAnnotatedHandlers lazyHandlers(Recorder recorder) {
            return new MetaAnnotatedHandlers(recorder);
        }
    }

    static class MetaAnnotatedHandlers {

        private final Recorder recorder;

        MetaAnnotatedHandlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnJson
        void text(String text) {
            recorder.add("meta " + text);
        }
    }
}
