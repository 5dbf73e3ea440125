package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.validation.annotation.Validated;

/** {@code @Valid} and {@code @Validated} payloads go through Boot's validator; invalid ones to the error handler. */
class HandlerValidationTest {

    /** The stricter checks, asked for by {@code @Validated(Strict.class)}. */
    interface Strict {
    }

    record Line(@NotBlank String text, @Size(max = 5, groups = Strict.class) String from) {
    }

    @Test
    void anInvalidPayloadGoesToTheErrorHandlerNotToTheMethod() {
        runner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withBean(Chat.class).withBean(RecordingErrorHandler.class)
                .run(context -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    List<HandlerFailure> failures = context.getBean(RecordingErrorHandler.class).failures;
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        Connection connection = remote.connect(peer.name());
                        connection.send(new Line(" ", "ann"));
                        connection.send(new Line("hello", "a long name"));
                        connection.send(new Line("bye", "bob"));

                        await().atMost(WAIT).until(() -> recorder.events().contains("strict bye"));
                        await().atMost(WAIT).until(() -> recorder.events().contains("valid bye"));
                        // @Valid checks the default group only; @Validated(Strict.class) the Strict group only
                        assertThat(recorder.events())
                                .containsExactlyInAnyOrder("strict  ", "valid hello", "valid bye", "strict bye");
                        assertThat(failures).extracting(f -> f.method().getName() + " " + fields(f))
                                .containsExactlyInAnyOrder("valid [text]", "strict [from]");
                        assertThat(failures).allSatisfy(f -> assertThat(f.received()).isNotNull());
                        assertThat(connection.isOpen()).isTrue();
                    }
                });
    }

    @Test
    void withoutAValidatorPayloadsAreNotValidated() {
        runner().withBean(Chat.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            Peer peer = context.getBean(Peer.class).start();
            try (Peer remote = remotePeer()) {
                remote.connect(peer.name()).send(new Line(" ", "a long name"));
                await().atMost(WAIT).until(() -> recorder.events().contains("strict  "));
                assertThat(recorder.events()).containsExactlyInAnyOrder("valid  ", "strict  ");
            }
        });
    }

    private static List<String> fields(HandlerFailure failure) {
        PayloadValidationException invalid = (PayloadValidationException) failure.exception();
        return invalid.getErrors().getFieldErrors().stream().map(e -> e.getField()).toList();
    }

    static class Chat {

        private final Recorder recorder;

        Chat(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void valid(@Valid Line line) {
            recorder.add("valid " + line.text());
        }

        @OnData
        void strict(@Validated(Strict.class) Line line) {
            recorder.add("strict " + line.text());
        }
    }

    static class RecordingErrorHandler implements P2pErrorHandler {

        final List<HandlerFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void handleError(HandlerFailure failure) {
            failures.add(failure);
        }
    }
}
