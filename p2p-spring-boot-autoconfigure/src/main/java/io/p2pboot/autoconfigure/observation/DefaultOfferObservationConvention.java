package io.p2pboot.autoconfigure.observation;

import io.micrometer.common.KeyValues;
import io.p2pboot.autoconfigure.observation.P2pObservation.HighKey;
import io.p2pboot.autoconfigure.observation.P2pObservation.LowKey;

/** The offer observation as {@link P2pObservation#OFFER} documents it: {@code p2p.offer}. */
public class DefaultOfferObservationConvention implements OfferObservationConvention {

    @Override
    public String getName() {
        return "p2p.offer";
    }

    @Override
    public String getContextualName(OfferObservationContext context) {
        return "p2p offer";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(OfferObservationContext context) {
        return KeyValues.of(LowKey.DATA_TYPE.withValue(P2pObservation.dataType(context.getOffer().dataType())),
                LowKey.OUTCOME.withValue(context.isAccepted() ? "accepted" : "denied"),
                LowKey.EXCEPTION.withValue(P2pObservation.exception(context.getError())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(OfferObservationContext context) {
        return KeyValues.of(HighKey.PEER.withValue(context.getOffer().peerName()));
    }
}
