package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.autoconfigure.handler.OnClose;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.pipe.CloseReason;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.ExecutableHint;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

/** A native image keeps what the starter reaches by reflection: handler methods, their payload types, the virtual-thread executor. */
class P2pRuntimeHintsTest {

    record Line(String from, Nested detail) {
    }

    record Nested(List<String> tags) {
    }

    static class Handlers {
        @OnData
        void chat(Line line, Connection connection) {
        }

        @OnOffer
        boolean offer(Offer offer) {
            return true;
        }

        @OnClose
        void closed(Connection connection, CloseReason reason) {
        }

        void notAHandler() {
        }
    }

    @Test
    void handlerMethodsAreKeptForInvocationAndTheirPayloadTypesForBinding() {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Handlers.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "chat")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "offer")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "closed")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Handlers.class, "notAHandler")).rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Line.class, "from")).as("record accessors")
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Nested.class)).as("reached through the payload").accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Connection.class)).as("the library's own types are not bound")
                .rejects(hints);
    }

    @Test
    void theVirtualThreadExecutorLookedUpByNameIsKept() {
        RuntimeHints hints = new RuntimeHints();
        new P2pRuntimeHints().registerHints(hints, getClass().getClassLoader());
        // Named, not resolved: on Java 17 neither method exists, so the predicates cannot be asked.
        assertThat(methodsKept(hints, Executors.class)).contains("newVirtualThreadPerTaskExecutor");
        assertThat(methodsKept(hints, Thread.class)).contains("isVirtual");
    }

    private static List<String> methodsKept(RuntimeHints hints, Class<?> type) {
        TypeHint hint = hints.reflection().getTypeHint(type);
        assertThat(hint).as("a hint for " + type.getName()).isNotNull();
        return hint.methods().filter(m -> m.getMode() == ExecutableMode.INVOKE).map(ExecutableHint::getName).toList();
    }

    @Test
    void theAutoConfigurationImportsTheHints() {
        assertThat(P2pAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
                .containsExactly(P2pRuntimeHints.class);
    }
}
