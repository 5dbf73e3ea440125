package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured {@link PeerObserver} made harmless: whatever it throws is logged, never passed on to the peer. */
final class GuardedObserver implements PeerObserver {

    private static final Logger log = LoggerFactory.getLogger(PeerObserver.class);

    private final PeerObserver observer;

    private GuardedObserver(PeerObserver observer) {
        this.observer = observer;
    }

    /** The observer guarded; {@link PeerObserver#NONE} as it is, so that an unobserved peer pays nothing. */
    static PeerObserver of(PeerObserver observer) {
        return observer == NONE || observer instanceof GuardedObserver ? observer : new GuardedObserver(observer);
    }

    @Override
    public Attempt connecting(String address, DataType dataType) {
        try {
            return new GuardedAttempt(observer.connecting(address, dataType));
        } catch (RuntimeException e) {
            log.warn("peer observer {} failed on a connect to {}", observer, address, e);
            return Attempt.NONE;
        }
    }

    @Override
    public Attempt offered(Offer offer) {
        try {
            return new GuardedAttempt(observer.offered(offer));
        } catch (RuntimeException e) {
            log.warn("peer observer {} failed on the offer from {}", observer, offer.peerName(), e);
            return Attempt.NONE;
        }
    }

    /** An attempt whose failures are logged; the decision it wraps runs even when the attempt fails around it. */
    private record GuardedAttempt(Attempt attempt) implements Attempt {

        @Override
        public boolean deciding(BooleanSupplier decision) {
            boolean[] started = {false};
            boolean[] decided = {false};
            boolean[] result = {false};
            try {
                return attempt.deciding(() -> {
                    started[0] = true;
                    result[0] = decision.getAsBoolean();
                    decided[0] = true;
                    return result[0];
                });
            } catch (RuntimeException e) {
                if (started[0] && !decided[0]) {
                    throw e; // the decision's own failure
                }
                log.warn("peer observer attempt {} failed around a decision", attempt, e);
                return decided[0] ? result[0] : decision.getAsBoolean();
            }
        }

        @Override
        public void succeeded() {
            run(attempt::succeeded);
        }

        @Override
        public void denied() {
            run(attempt::denied);
        }

        @Override
        public void failed(Throwable error) {
            run(() -> attempt.failed(error));
        }

        private void run(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.warn("peer observer attempt {} failed", attempt, e);
            }
        }
    }
}
