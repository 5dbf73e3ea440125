package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names a handler method call's observation and its key values; a bean of this type replaces the default. */
public interface HandlerObservationConvention extends ObservationConvention<HandlerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof HandlerObservationContext;
    }
}
