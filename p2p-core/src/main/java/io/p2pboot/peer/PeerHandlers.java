package io.p2pboot.peer;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.pipe.CloseReason;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/** The handler types of the peer's and the connection's events; the emitter always comes first. */
public final class PeerHandlers {

    private PeerHandlers() {
    }

    /** {@code listen} and {@code stop}. */
    @FunctionalInterface
    public interface PeerListener {
        void on(Peer peer) throws Exception;
    }

    /** {@code offer}: return whether to accept. Every handler must accept for the offer to be accepted. */
    @FunctionalInterface
    public interface OfferHandler {
        boolean onOffer(Peer peer, Offer offer) throws Exception;
    }

    /** {@code connection}: a connection was established, on either side. */
    @FunctionalInterface
    public interface ConnectionListener {
        void on(Peer peer, Connection connection) throws Exception;
    }

    /** {@code data}: a message arrived; for one connection, handlers run in order, one at a time. */
    @FunctionalInterface
    public interface DataHandler {
        void onData(Connection connection, Received data) throws Exception;

        /**
         * The type this handler reads the payload as ({@link Received#as}), when it knows it in
         * advance; {@code null} (the default) when it does not, or reads the message otherwise.
         * When every data handler of a connection declares one, the peer may bind each payload
         * to it in one pass on the handler's thread (the peer's {@code Received.bind}) instead of checking
         * it on arrival and parsing it again for the handler.
         */
        default @Nullable Type payloadType() {
            return null;
        }

        /**
         * Whether this handler may run on the connection's event loop, as the message is read
         * ({@link HandlerDispatch#EVENT_LOOP} for this handler alone): it never blocks and
         * returns within microseconds. Messages then reach it two thread hand-offs sooner; they
         * do only when every data handler of the connection may run there.
         */
        default boolean runsOnEventLoop() {
            return false;
        }

        /**
         * Where this handler runs: {@code null} for where the peer's
         * {@link PeerConfig#handlerDispatch()} says (the default, unless {@link #runsOnEventLoop()}
         * says the event loop), {@link HandlerDispatch#EXECUTOR} to stay on the executor even when
         * the peer dispatches on the event loop, {@link HandlerDispatch#EVENT_LOOP} as
         * {@link #runsOnEventLoop()}. A message goes to the event loop's handlers only when every
         * data handler of its connection runs there.
         */
        default @Nullable HandlerDispatch dispatch() {
            return runsOnEventLoop() ? HandlerDispatch.EVENT_LOOP : null;
        }
    }

    /** {@code close}: the connection ended, once, after its last message was handled. */
    @FunctionalInterface
    public interface CloseListener {
        void onClose(Connection connection, CloseReason reason) throws Exception;
    }

    /** {@code discovered} and {@code lost}: a peer answered discovery for the first time, or stopped answering. */
    @FunctionalInterface
    public interface DiscoveryHandler {
        void on(Peer peer, DiscoveredPeer found) throws Exception;
    }

    /** Told when a session ended with its peer away (or the peer stopped), and how many messages it had not delivered. */
    @FunctionalInterface
    public interface SessionListener {
        void expired(Peer peer, SessionExpiredException expiry) throws Exception;
    }
}
