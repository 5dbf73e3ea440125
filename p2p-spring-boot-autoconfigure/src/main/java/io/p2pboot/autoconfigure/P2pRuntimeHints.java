package io.p2pboot.autoconfigure;

import java.util.List;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What p2p-core reaches by reflection, for a native image: the virtual-thread executor and
 * {@code Thread.isVirtual()}, looked up by name so that the library still runs on Java 17.
 * Handler methods and their payload types are registered where they are declared
 * ({@code @Reflective} on the handler annotations).
 */
class P2pRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.reflection().registerType(Executors.class, type -> type.withMethod(
                "newVirtualThreadPerTaskExecutor", List.of(), ExecutableMode.INVOKE));
        hints.reflection().registerType(Thread.class, type -> type.withMethod(
                "isVirtual", List.of(), ExecutableMode.INVOKE));
        hints.reflection().registerType(TypeReference.of("io.p2pboot.pipe.HandlerExecutors"));
    }
}
