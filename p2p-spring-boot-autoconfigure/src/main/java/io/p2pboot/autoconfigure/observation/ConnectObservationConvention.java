package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names a connect's observation and its key values; a bean of this type replaces the default. */
public interface ConnectObservationConvention extends ObservationConvention<ConnectObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ConnectObservationContext;
    }
}
