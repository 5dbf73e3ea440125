package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.p2pboot.autoconfigure.handler.HandlerInterceptor;
import io.p2pboot.autoconfigure.handler.HandlerInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Observes each handler method call as {@link P2pObservation#HANDLER}, current (in scope) while the
 * method runs: with Micrometer Tracing each call is a span, and what the method does is traced under it.
 */
public class HandlerObservationInterceptor implements HandlerInterceptor {

    private static final DefaultHandlerObservationConvention DEFAULT = new DefaultHandlerObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable HandlerObservationConvention convention;

    /** @param convention replaces the default convention; {@code null} keeps it */
    public HandlerObservationInterceptor(ObservationRegistry registry,
                                         @Nullable HandlerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public @Nullable Object intercept(HandlerInvocation invocation) throws Exception {
        Observation observation = P2pObservation.HANDLER.observation(convention, DEFAULT,
                () -> new HandlerObservationContext(invocation), registry);
        return observation.observeChecked(invocation::proceed);
    }
}
