package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names an incoming offer's observation and its key values; a bean of this type replaces the default. */
public interface OfferObservationConvention extends ObservationConvention<OfferObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof OfferObservationContext;
    }
}
