package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import org.junit.jupiter.api.Test;

/** {@code ${…}} in a handler annotation's attributes is resolved from the environment at start-up. */
class HandlerPlaceholderTest {

    @Test
    void aPeerFilterTakesItsPeersFromTheEnvironment() throws Exception {
        try (Peer friend = remotePeer(); Peer stranger = remotePeer(); Peer other = remotePeer()) {
            runner().withBean(FromConfiguredPeers.class)
                    .withPropertyValues("chat.peer=" + friend.name(), "chat.more=" + other.name() + ", ")
                    .run(context -> {
                        Recorder recorder = context.getBean(Recorder.class);
                        Peer peer = context.getBean(Peer.class).start();

                        stranger.connect(peer.name()).send("from the stranger");
                        friend.connect(peer.name()).send("from the friend");
                        other.connect(peer.name()).send("from the other");

                        await().atMost(WAIT).until(() -> recorder.events().contains("any from the other"));
                        await().atMost(WAIT).until(() -> recorder.events().contains("configured from the other"));
                        assertThat(recorder.events()).filteredOn(e -> e.startsWith("configured"))
                                .containsExactlyInAnyOrder("configured from the friend", "configured from the other");
                    });
        }
    }

    @Test
    void aPlaceholderWithADefaultNeedsNoProperty() {
        runner().withBean(WithDefault.class).run(context -> {
            assertThat(context).hasNotFailed();
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                remote.connect(peer.name()).send("hello");
                await().atMost(WAIT).until(() -> recorder.events().contains("default hello"));
            }
        });
    }

    @Test
    void anUnresolvablePlaceholderFailsStartUpNamingTheMethod() {
        runner().withBean(Unresolvable.class).run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().isInstanceOf(InvalidHandlerMethodException.class)
                .hasMessageContaining("Unresolvable.lines(String)")
                .hasMessageContaining("chat.nowhere"));
    }

    static class FromConfiguredPeers {

        private final Recorder recorder;

        FromConfiguredPeers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData(peer = {"${chat.peer}", "${chat.more}"})
        void configured(String line) {
            recorder.add("configured " + line);
        }

        @OnData
        void any(String line) {
            recorder.add("any " + line);
        }
    }

    static class WithDefault {

        private final Recorder recorder;

        WithDefault(Recorder recorder) {
            this.recorder = recorder;
        }

        /** An empty default: no peer filter, every peer's messages. */
        @OnData(peer = "${chat.peer:}")
        void lines(String line) {
            recorder.add("default " + line);
        }
    }

    static class Unresolvable {

        @OnData(peer = "${chat.nowhere}")
        void lines(String line) {
        }
    }
}
