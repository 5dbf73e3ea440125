package io.p2pboot.autoconfigure.handler;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;

/**
 * What a native image must keep for a handler method: the method itself, which the starter
 * invokes by reflection, and the types its parameters are bound to (a payload record or POJO that
 * Jackson builds), so that the binding works without a JSON type the image left out.
 */
class HandlerReflectiveProcessor implements ReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
        if (element instanceof Method method) {
            hints.registerMethod(method, ExecutableMode.INVOKE);
            for (Parameter parameter : method.getParameters()) {
                if (!isLibraryType(parameter.getType())) {
                    bindings.registerReflectionHints(hints, parameter.getParameterizedType());
                }
            }
        }
    }

    /** The peer's own types ({@code Connection}, {@code Received}, ...): given to handlers, never bound from json. */
    private static boolean isLibraryType(Class<?> type) {
        String name = type.getPackageName();
        return name.equals("io.p2pboot.peer") || name.equals("io.p2pboot.pipe") || name.equals("io.p2pboot.protocol")
                || name.equals("io.p2pboot.discovery");
    }
}
