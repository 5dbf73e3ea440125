package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;
import java.util.function.BooleanSupplier;

/**
 * Watches a peer's {@code connect}s and the offers it decides, for code outside the core that
 * measures or traces them (the Spring Boot starter turns them into Micrometer observations, so the
 * core needs no Micrometer). Set it with {@link PeerConfig.Builder#observer}; the default,
 * {@link #NONE}, watches nothing. Calls come on the peer's own threads and must return quickly;
 * one that throws is logged and changes nothing about the connect or the offer.
 */
public interface PeerObserver {

    /** Watches nothing. */
    PeerObserver NONE = new PeerObserver() {
    };

    /**
     * A {@code connect} (or {@code connectAsync}) to {@code address} begins, on the caller's thread;
     * the attempt is told once whether a connection came of it.
     *
     * @param dataType the data type asked for: the connect options' or the peer's default
     */
    default Attempt connecting(String address, DataType dataType) {
        return Attempt.NONE;
    }

    /**
     * An offer is about to be decided (its HELLO was well formed and its name proven), on the
     * socket's event loop; the attempt is told once whether it was accepted.
     */
    default Attempt offered(Offer offer) {
        return Attempt.NONE;
    }

    /** One watched connect or offer, told once how it ended. */
    interface Attempt {

        /** Follows nothing. */
        Attempt NONE = new Attempt() {
        };

        /**
         * Runs an offer's decision, its offer handlers included, on the thread that decides it: an
         * attempt that wants to be current while they run (a tracing scope) wraps it here.
         */
        default boolean deciding(BooleanSupplier decision) {
            return decision.getAsBoolean();
        }

        /** The connect yielded a connection, or the offer was accepted. */
        default void succeeded() {
        }

        /** The offer was denied (by a handler, the connection limit, or a name in use from another IP). */
        default void denied() {
        }

        /**
         * The connect failed: {@code error} is what it failed with, a {@link ConnectionDeniedException}
         * when the other peer denied it.
         */
        default void failed(Throwable error) {
        }
    }
}
