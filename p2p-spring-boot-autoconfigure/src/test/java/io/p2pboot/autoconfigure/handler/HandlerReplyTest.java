package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;

/**
 * What an {@code @OnData} method returns goes back on the connection, and a {@code request} on the
 * other side takes it as its reply; {@code void} and {@code null} send nothing.
 */
class HandlerReplyTest {

    record Question(int n) {
    }

    record Answer(int doubled) {
    }

    @Test
    void aReturnedValueIsTheReplyToARequest() {
        runner().withBean(Answering.class).run(context -> {
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());

                assertThat(connection.request(new Question(21), Answer.class, WAIT)).isEqualTo(new Answer(42));
                assertThat(connection.requestAsync(new Question(5), Answer.class, WAIT).get())
                        .isEqualTo(new Answer(10));
            }
        });
    }

    @Test
    void concurrentRequestsOnOneConnectionEachGetTheirOwnReply() {
        runner().withBean(Answering.class).run(context -> {
            Peer peer = context.getBean(Peer.class).start();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try (Peer remote = remotePeer()) {
                Connection connection = remote.connect(peer.name());
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int base = t * 100;
                    all.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 25; i++) {
                            try {
                                assertThat(connection.request(new Question(base + i), Answer.class, WAIT))
                                        .isEqualTo(new Answer((base + i) * 2));
                            } catch (SocketTimeoutException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }, threads));
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(WAIT.toSeconds() * 4, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
        });
    }

    @Test
    void voidAndNullSendNothing() {
        runner().withBean(Answering.class).run(context -> {
            Peer peer = context.getBean(Peer.class).start();
            List<Object> unasked = new CopyOnWriteArrayList<>();
            try (Peer remote = remotePeer()) {
                remote.onData((c, d) -> unasked.add(d.value()));
                Connection connection = remote.connect(peer.name());

                // the void method runs first for every message: anything it sent would be taken as the reply
                connection.send(new Question(-1));
                assertThat(connection.request(new Question(2), Answer.class, WAIT)).isEqualTo(new Answer(4));
                await().atMost(WAIT).until(() -> context.getBean(Recorder.class).events()
                        .equals(List.of("seen -1", "seen 2")));
                connection.send("bye");
                await().atMost(WAIT).until(() -> unasked.contains("bye back"));
                assertThat(unasked).containsExactly("bye back");
            }
        });
    }

    @Test
    void twoApplicationsTalkThroughRepliesOnly() {
        runner().withBean(Answering.class).run(server -> runner().withBean(Asking.class).run(client -> {
            Peer serverPeer = server.getBean(Peer.class).start();
            Peer clientPeer = client.getBean(Peer.class).start();

            clientPeer.connect(serverPeer.name()).send(new Question(1));

            // The client's method answers every answer with the next question, up to 8.
            await().atMost(WAIT).until(() -> client.getBean(Recorder.class).events().contains("answer 8"));
            assertThat(client.getBean(Recorder.class).events()).containsExactly("answer 2", "answer 4", "answer 8");
        }));
    }

    static class Answering {

        private final Recorder recorder;

        Answering(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        @Order(1)
        void seen(Question question) {
            recorder.add("seen " + question.n());
        }

        @OnData
        @Order(2)
        @Nullable Answer answer(Question question) {
            return question.n() < 0 ? null : new Answer(question.n() * 2);
        }

        @OnData(dataType = {})
        @Nullable String bye(Received message) {
            return "bye".equals(message.value()) ? "bye back" : null;
        }
    }

    static class Asking {

        private final Recorder recorder;

        Asking(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        @Nullable Question next(Answer answer) {
            recorder.add("answer " + answer.doubled());
            return answer.doubled() < 8 ? new Question(answer.doubled()) : null;
        }
    }
}
