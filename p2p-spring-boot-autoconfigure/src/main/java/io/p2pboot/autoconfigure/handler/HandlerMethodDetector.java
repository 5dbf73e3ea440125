package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the handler methods of a class, its superclasses and interfaces included, also through
 * meta-annotations. Most beans have none: those classes are remembered, so each is inspected
 * only once however many beans share it.
 */
final class HandlerMethodDetector {

    private static final Set<Class<? extends Annotation>> ANNOTATION_TYPES = EnumSet.allOf(HandlerEvent.class)
            .stream().map(HandlerEvent::annotationType).collect(Collectors.toUnmodifiableSet());

    private final Set<Class<?>> classesWithoutHandlers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inspections = new AtomicInteger();

    /** The handler methods of a user class (not a proxy class), each with its annotations; empty for most. */
    Map<Method, List<HandlerDeclaration>> detect(Class<?> userClass) {
        if (classesWithoutHandlers.contains(userClass)) {
            return Map.of();
        }
        inspections.incrementAndGet();
        Map<Method, List<HandlerDeclaration>> found = AnnotationUtils.isCandidateClass(userClass, ANNOTATION_TYPES)
                ? MethodIntrospector.selectMethods(userClass,
                        (MethodIntrospector.MetadataLookup<List<HandlerDeclaration>>) HandlerMethodDetector::declarationsOn)
                : Map.of();
        if (found.isEmpty()) {
            classesWithoutHandlers.add(userClass);
        }
        return found;
    }

    private static @Nullable List<HandlerDeclaration> declarationsOn(Method method) {
        List<HandlerDeclaration> declarations = new ArrayList<>(1);
        for (HandlerEvent event : HandlerEvent.values()) {
            Annotation annotation = AnnotatedElementUtils.findMergedAnnotation(method, event.annotationType());
            if (annotation != null) {
                declarations.add(new HandlerDeclaration(event, annotation));
            }
        }
        return declarations.isEmpty() ? null : declarations;
    }

    /** Classes inspected so far; a class known to have no handlers is not inspected again. */
    int inspections() {
        return inspections.get();
    }

    boolean isKnownWithoutHandlers(Class<?> userClass) {
        return classesWithoutHandlers.contains(userClass);
    }
}
