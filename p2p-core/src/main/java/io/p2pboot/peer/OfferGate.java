package io.p2pboot.peer;

import io.p2pboot.pipe.FutureFailures;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an offer becomes a connection, and counts the offers denied: the peer must be
 * listening, no live connection of the offer's name may come from another IP, a slot must be
 * free, and every offer handler must accept. An accepted offer holds its slot.
 */
final class OfferGate {

    /** Logs under the peer's name: these lines are the peer's, as they were before they moved here. */
    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private final BooleanSupplier listening;
    private final ConnectionRegistry connections;
    private final PeerEvents events;
    private final int maxConnections;
    /** The owning peer's name, for the log. */
    private final Supplier<@Nullable String> owner;
    private final PeerObserver observer;
    private final AtomicLong denied = new AtomicLong();

    OfferGate(BooleanSupplier listening, ConnectionRegistry connections, PeerEvents events, int maxConnections,
              Supplier<@Nullable String> owner, PeerObserver observer) {
        this.listening = listening;
        this.connections = connections;
        this.events = events;
        this.maxConnections = maxConnections;
        this.owner = owner;
        this.observer = observer;
    }

    /**
     * Decides off the I/O thread when offer handlers must be asked (on {@code where}), and right
     * here, without a hand-off, when there is none. The peer's observer follows each decision.
     */
    CompletableFuture<Boolean> decide(Offer offer, Executor where) {
        if (observer == PeerObserver.NONE) {
            return events.decide(where, () -> counted(accepts(offer))); // unobserved: not a stage more
        }
        PeerObserver.Attempt attempt = observer.offered(offer);
        return events.decide(where, () -> attempt.deciding(() -> counted(accepts(offer))))
                .whenComplete((accepted, error) -> {
                    if (error != null) {
                        attempt.failed(FutureFailures.cause(error));
                    } else if (accepted) {
                        attempt.succeeded();
                    } else {
                        attempt.denied();
                    }
                });
    }

    private boolean accepts(Offer offer) {
        if (!listening.getAsBoolean() || !connections.admits(offer)) {
            return false;
        }
        if (!connections.reserve()) {
            log.info("peer {} denies {}: max connections ({}) reached", owner.get(), offer.peerName(), maxConnections);
            return false;
        }
        if (!events.offerAccepted(offer)) {
            connections.released(true);
            return false;
        }
        return true;
    }

    private boolean counted(boolean accepted) {
        if (!accepted) {
            denied.incrementAndGet();
        }
        return accepted;
    }

    /** An offer whose name its peer could not prove was denied; the reason quotes what it claimed, escaped. */
    void identityRefused(String reason) {
        denied.incrementAndGet();
        log.debug("peer {}: {}", owner.get(), reason);
    }

    /** Offers answered with DENY. */
    long denied() {
        return denied.get();
    }
}
