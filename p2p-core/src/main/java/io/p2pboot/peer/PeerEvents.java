package io.p2pboot.peer;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.Discovery;
import io.p2pboot.discovery.DiscoveryListener;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.ConnectionListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.PeerHandlers.DiscoveryHandler;
import io.p2pboot.peer.PeerHandlers.OfferHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.SerialDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's handler lists, and the firing of its events to them: never on an event loop, and
 * with no hand-off at all where no handler is registered. A handler that throws is logged; the
 * next one still runs.
 *
 * <p>{@code listen} and {@code stop} run one at a time on the peer's own dispatcher;
 * {@code offer} and {@code connection} on the connection's pipe dispatcher; {@code discovered}
 * and {@code lost} where discovery calls (its handler executor). The {@code data} and
 * {@code close} lists are read by the connections, which fire them.
 */
final class PeerEvents implements DiscoveryListener {

    /** Logs under the peer's name: these lines are the peer's, as they were before they moved here. */
    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    private final Peer peer;
    private final SerialDispatcher dispatcher;
    private final List<PeerListener> listenListeners = new CopyOnWriteArrayList<>();
    private final List<PeerListener> stopListeners = new CopyOnWriteArrayList<>();
    private final List<OfferHandler> offerHandlers = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<DataHandler> dataHandlers = new CopyOnWriteArrayList<>();
    private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
    private final List<DiscoveryHandler> discoveredListeners = new CopyOnWriteArrayList<>();
    private final List<DiscoveryHandler> lostListeners = new CopyOnWriteArrayList<>();

    /**
     * @param peer the emitter handlers are given
     * @param handlers the handler executor, on which {@code listen} and {@code stop} run in order
     */
    PeerEvents(Peer peer, Executor handlers) {
        this.peer = peer;
        this.dispatcher = new SerialDispatcher(handlers);
    }

    // ---- registering

    void onListen(PeerListener l) {
        listenListeners.add(l);
    }

    void onStop(PeerListener l) {
        stopListeners.add(l);
    }

    void onOffer(OfferHandler h) {
        offerHandlers.add(h);
    }

    void onConnection(ConnectionListener l) {
        connectionListeners.add(l);
    }

    void onData(DataHandler h) {
        dataHandlers.add(h);
    }

    void onClose(CloseListener l) {
        closeListeners.add(l);
    }

    void onPeerDiscovered(DiscoveryHandler h) {
        discoveredListeners.add(h);
    }

    void onPeerLost(DiscoveryHandler h) {
        lostListeners.add(h);
    }

    /** Removes the handler from every list it is in; answers whether it was in one. */
    boolean remove(Object handler) {
        return listenListeners.remove(handler) | stopListeners.remove(handler) | offerHandlers.remove(handler)
                | connectionListeners.remove(handler) | dataHandlers.remove(handler) | closeListeners.remove(handler)
                | discoveredListeners.remove(handler) | lostListeners.remove(handler);
    }

    List<DataHandler> dataHandlers() {
        return dataHandlers;
    }

    List<CloseListener> closeListeners() {
        return closeListeners;
    }

    // ---- listen and stop

    void fireListen() {
        dispatcher.execute(() -> callAll(listenListeners));
    }

    /** Fires {@code stop}, then runs {@code after} on the same thread once every stop handler returned. */
    void fireStop(Runnable after) {
        dispatcher.execute(() -> {
            callAll(stopListeners);
            after.run();
        });
    }

    private void callAll(List<PeerListener> listeners) {
        for (PeerListener l : listeners) {
            try {
                l.on(peer);
            } catch (Exception e) {
                log.warn("peer handler failed", e);
            }
        }
    }

    // ---- offer and connection

    /**
     * Runs an offer's decision: right here when there is no offer handler (no user code to ask,
     * so no hand-off each way; the caller is the event loop), else on {@code where}.
     */
    CompletableFuture<Boolean> decide(Executor where, BooleanSupplier decision) {
        if (offerHandlers.isEmpty()) {
            return CompletableFuture.completedFuture(decision.getAsBoolean());
        }
        CompletableFuture<Boolean> decided = new CompletableFuture<>();
        where.execute(() -> decided.complete(decision.getAsBoolean()));
        return decided;
    }

    /** Asks the offer handlers in turn: every one must accept; one that throws denies. */
    boolean offerAccepted(Offer offer) {
        for (OfferHandler h : offerHandlers) {
            boolean ok;
            try {
                ok = h.onOffer(peer, offer);
            } catch (Exception e) {
                log.warn("offer handler failed; denying {}", offer.peerName(), e);
                ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Fires {@code connection} on the connection's dispatcher; nothing at all when no one listens. */
    void announce(Connection c) {
        if (connectionListeners.isEmpty()) {
            return; // no user code to run: no hand-off to the handler executor
        }
        c.runInOrder(() -> {
            for (ConnectionListener l : connectionListeners) {
                try {
                    l.on(peer, c);
                } catch (Exception e) {
                    log.warn("connection handler failed for {}", c, e);
                }
            }
        });
    }

    /**
     * Waits at most {@code timeout} for the next connection that {@code match}es, unless
     * {@code present} already has one (asked once the wait is set up, so none slips between);
     * {@code null} if none came.
     */
    @Nullable Connection awaitConnection(Predicate<Connection> match, Supplier<@Nullable Connection> present,
                                         Duration timeout) throws InterruptedException {
        CompletableFuture<Connection> next = new CompletableFuture<>();
        ConnectionListener waiter = (p, c) -> {
            if (match.test(c)) {
                next.complete(c);
            }
        };
        connectionListeners.add(waiter);
        try {
            Connection now = present.get();
            if (now != null) {
                return now;
            }
            return next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } finally {
            connectionListeners.remove(waiter);
        }
    }

    // ---- discovery

    @Override
    public void peerDiscovered(Discovery discovery, DiscoveredPeer found) {
        fireDiscovery(discoveredListeners, found);
    }

    @Override
    public void peerLost(Discovery discovery, DiscoveredPeer lost) {
        fireDiscovery(lostListeners, lost);
    }

    private void fireDiscovery(List<DiscoveryHandler> handlers, DiscoveredPeer p) {
        for (DiscoveryHandler h : handlers) {
            try {
                h.on(peer, p);
            } catch (Exception e) {
                log.warn("discovery handler failed for {}", p.name(), e);
            }
        }
    }
}
