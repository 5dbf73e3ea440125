package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.p2pboot.peer.Offer;

/** What an observation of an incoming offer knows: the offer, and once decided whether it was accepted. */
public class OfferObservationContext extends Observation.Context {

    private final Offer offer;
    private volatile boolean accepted;

    public OfferObservationContext(Offer offer) {
        this.offer = offer;
    }

    public Offer getOffer() {
        return offer;
    }

    /** Whether the offer was accepted; {@code false} until it is decided. */
    public boolean isAccepted() {
        return accepted;
    }

    public void setAccepted(boolean accepted) {
        this.accepted = accepted;
    }
}
