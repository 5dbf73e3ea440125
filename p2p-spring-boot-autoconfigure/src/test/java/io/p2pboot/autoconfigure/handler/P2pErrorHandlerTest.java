package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.CloseReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A {@link P2pErrorHandler} bean replaces the default: what it is given, and what it can do. */
class P2pErrorHandlerTest {

    record Point(int x, int y) {
    }

    @Test
    void itIsGivenTheFailureTheMethodAndTheEvent() {
        runner().withBean(Failing.class).withBean(Handling.class, () -> new Handling(f -> { })).run(context -> {
            List<HandlerFailure> failures = context.getBean(Handling.class).failures;
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send("boom"); // text throws, and point cannot read a string
                await().atMost(WAIT).until(() -> failures.size() == 2);

                HandlerFailure thrown = failures.stream().filter(f -> f.method().getName().equals("text")).findFirst()
                        .orElseThrow();
                assertThat(thrown.exception()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
                assertThat(thrown.method().getName()).isEqualTo("text");
                assertThat(thrown.beanName()).isEqualTo("p2pErrorHandlerTest.Failing");
                assertThat(thrown.bean()).isSameAs(context.getBean(Failing.class));
                assertThat(thrown.annotationType()).isEqualTo(OnData.class);
                assertThat(thrown.peer()).isSameAs(peer);
                assertThat(thrown.connection()).isNotNull().extracting(Connection::peerName).isEqualTo(remote.name());
                assertThat(thrown.received().value()).isEqualTo("boom");
                assertThat(thrown.remotePeerName()).isEqualTo(remote.name());
                assertThat(thrown.offer()).isNull();
                assertThat(thrown.describeHandler()).contains("Failing.text(String)");

                HandlerFailure unreadable = failures.stream().filter(f -> f.method().getName().equals("point"))
                        .findFirst().orElseThrow();
                assertThat(unreadable.exception()).isInstanceOf(PayloadConversionException.class);
                assertThat(connection.isOpen()).isTrue();
            }
        });
    }

    @Test
    void itCanCloseTheConnection() {
        runner().withBean(Failing.class).withBean(Handling.class, () -> new Handling(HandlerFailure::closeConnection))
                .run(context -> {
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        Connection connection = remote.connect(peer.name());
                        connection.send("boom");
                        await().atMost(WAIT).until(() -> !connection.isOpen());
                        await().atMost(WAIT).until(() -> context.getBean(Recorder.class).events().stream()
                                .anyMatch(e -> e.startsWith("close ERROR")));
                        // whichever of the two failing methods fails first closes it, and the reason names it
                        assertThat(context.getBean(Recorder.class).events()).filteredOn(e -> e.startsWith("close ERROR"))
                                .singleElement().satisfies(e -> assertThat(e).contains("boom")
                                        .containsAnyOf("Failing.text(String)", "Failing.point(Point)"));
                    }
                });
    }

    @Test
    void aFailedOfferIsDeniedWhetherTheErrorHandlerReturnsOrThrows() {
        for (Consumer<HandlerFailure> policy : List.<Consumer<HandlerFailure>>of(f -> { }, f -> {
            throw new IllegalStateException("denied by the error handler");
        })) {
            runner().withBean(FailingOffer.class).withBean(Handling.class, () -> new Handling(policy)).run(context -> {
                List<HandlerFailure> failures = context.getBean(Handling.class).failures;
                Peer peer = context.getBean(Peer.class).start();
                try (Peer remote = remotePeer()) {
                    assertThatThrownBy(() -> remote.connect(peer.name())).isInstanceOf(ConnectionDeniedException.class);
                    assertThat(failures).singleElement().satisfies(f -> {
                        assertThat(f.annotationType()).isEqualTo(OnOffer.class);
                        assertThat(f.offer()).isNotNull().extracting(Offer::peerName).isEqualTo(remote.name());
                        assertThat(f.connection()).isNull();
                    });
                }
            });
        }
    }

    @Test
    void whatItThrowsIsLoggedAndDeliveryGoesOn() {
        runner().withBean(Failing.class).withBean(Handling.class, () -> new Handling(f -> {
            throw new IllegalStateException("the error handler failed too");
        })).run(context -> {
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                connection.send("boom");
                connection.send("fine");
                await().atMost(WAIT).until(() -> context.getBean(Recorder.class).events().contains("text fine"));
                assertThat(connection.isOpen()).isTrue();
            }
        });
    }

    @Test
    void aReplyThatCannotBeSentIsAFailureOfItsMethod() {
        runner().withBean(Unsendable.class).withBean(Handling.class, () -> new Handling(f -> { })).run(context -> {
            List<HandlerFailure> failures = context.getBean(Handling.class).failures;
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                remote.connect(peer.name()).send("anything");
                await().atMost(WAIT).until(() -> failures.size() == 1);
                assertThat(failures.get(0).method().getName()).isEqualTo("reply");
                assertThat(failures.get(0).exception()).isInstanceOf(IllegalArgumentException.class);
            }
        });
    }

    static class Handling implements P2pErrorHandler {

        final List<HandlerFailure> failures = new CopyOnWriteArrayList<>();
        private final Consumer<HandlerFailure> policy;

        Handling(Consumer<HandlerFailure> policy) {
            this.policy = policy;
        }

        @Override
        public void handleError(HandlerFailure failure) {
            failures.add(failure);
            policy.accept(failure);
        }
    }

    static class Failing {

        private final Recorder recorder;

        Failing(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void text(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            recorder.add("text " + text);
        }

        @OnData
        void point(Point point) {
            recorder.add("point " + point);
        }

        @OnClose
        void closed(CloseReason reason) {
            recorder.add("close " + reason.kind() + " " + reason.detail());
        }
    }

    static class FailingOffer {

        @OnOffer
        boolean accept(Offer offer) {
            throw new IllegalStateException("the allow-list is not reachable");
        }
    }

    /** A value Jackson cannot write: its only property fails. */
    static class Unwritable {
        public String getValue() {
            throw new IllegalStateException("not today");
        }
    }

    static class Unsendable {

        @OnData
        Unwritable reply(String text) {
            return new Unwritable();
        }
    }
}
