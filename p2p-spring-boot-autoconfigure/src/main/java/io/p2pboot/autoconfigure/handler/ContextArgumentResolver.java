package io.p2pboot.autoconfigure.handler;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/** Supplies an object the event carries, such as the {@code Connection}, to parameters of exactly its type. */
final class ContextArgumentResolver implements ArgumentResolver {

    private final Class<?> type;
    private final Set<HandlerEvent> events;
    private final Function<EventContext, @Nullable Object> extractor;

    ContextArgumentResolver(Class<?> type, Set<HandlerEvent> events, Function<EventContext, @Nullable Object> extractor) {
        this.type = type;
        this.events = EnumSet.copyOf(events);
        this.extractor = extractor;
    }

    @Override
    public boolean appliesTo(HandlerEvent event) {
        return events.contains(event);
    }

    @Override
    public boolean supports(HandlerEvent event, MethodParameter parameter) {
        return events.contains(event) && parameter.getParameterType() == type;
    }

    @Override
    public @Nullable Object resolve(MethodParameter parameter, EventContext context) {
        return extractor.apply(context);
    }

    @Override
    public String describe() {
        return type.getSimpleName();
    }
}
