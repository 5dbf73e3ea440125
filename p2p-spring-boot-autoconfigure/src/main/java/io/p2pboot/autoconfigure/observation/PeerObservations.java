package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.PeerObserver;
import io.p2pboot.protocol.DataType;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The peer's {@link PeerObserver} that turns each connect into a {@link P2pObservation#CONNECT}
 * observation and each incoming offer into a {@link P2pObservation#OFFER} one. A connect's
 * observation starts on the caller's thread, under the observation current there; an offer's is
 * current while its offer handlers decide, so their observations are its children.
 */
public class PeerObservations implements PeerObserver {

    private static final DefaultConnectObservationConvention DEFAULT_CONNECT =
            new DefaultConnectObservationConvention();
    private static final DefaultOfferObservationConvention DEFAULT_OFFER = new DefaultOfferObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable ConnectObservationConvention connectConvention;
    private final @Nullable OfferObservationConvention offerConvention;

    /** @param connectConvention, offerConvention replace the default conventions; {@code null} keeps them */
    public PeerObservations(ObservationRegistry registry, @Nullable ConnectObservationConvention connectConvention,
                            @Nullable OfferObservationConvention offerConvention) {
        this.registry = registry;
        this.connectConvention = connectConvention;
        this.offerConvention = offerConvention;
    }

    @Override
    public Attempt connecting(String address, DataType dataType) {
        Observation observation = P2pObservation.CONNECT.observation(connectConvention, DEFAULT_CONNECT,
                () -> new ConnectObservationContext(address, dataType), registry);
        return observation.isNoop() ? Attempt.NONE : new Observed(observation.start(), null);
    }

    @Override
    public Attempt offered(Offer offer) {
        OfferObservationContext context = new OfferObservationContext(offer);
        Observation observation = P2pObservation.OFFER.observation(offerConvention, DEFAULT_OFFER,
                () -> context, registry);
        return observation.isNoop() ? Attempt.NONE : new Observed(observation.start(), context);
    }

    /** One started observation, stopped once with how its attempt ended. */
    private record Observed(Observation observation, @Nullable OfferObservationContext offer) implements Attempt {

        @Override
        public boolean deciding(BooleanSupplier decision) {
            try (Observation.Scope scope = observation.openScope()) {
                return decision.getAsBoolean();
            }
        }

        @Override
        public void succeeded() {
            if (offer != null) {
                offer.setAccepted(true);
            }
            observation.stop();
        }

        @Override
        public void denied() {
            observation.stop();
        }

        @Override
        public void failed(Throwable error) {
            observation.error(error);
            observation.stop();
        }
    }
}
