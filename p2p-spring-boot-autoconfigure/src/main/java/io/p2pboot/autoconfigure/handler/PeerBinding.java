package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.ConnectionListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.PeerHandlers.OfferHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer handlers standing for the handler methods, one per method, registered on a {@link Peer}
 * in the order given (the peer calls them in that order) and removable again.
 */
final class PeerBinding {

    private final Peer peer;
    private final HandlerInvoker invoker;
    private final List<Object> registered = new ArrayList<>();

    PeerBinding(Peer peer, HandlerInvoker invoker) {
        this.peer = peer;
        this.invoker = invoker;
    }

    /** Registers one method for its event, after those registered before. */
    synchronized void add(HandlerMethod handler) {
        switch (handler.event()) {
            case OFFER -> {
                OfferHandler h = (p, offer) -> invoker.decide(handler, EventContext.offer(p, offer));
                peer.onOffer(h);
                registered.add(h);
            }
            case DATA -> {
                DataHandler h = new DataMethodHandler(handler, invoker, peer.config().handlerDispatch());
                peer.onData(h);
                registered.add(h);
            }
            case CLOSE -> {
                CloseListener h = (connection, reason) -> invoker.call(handler, EventContext.close(connection, reason));
                peer.onClose(h);
                registered.add(h);
            }
            case CONNECTION -> {
                ConnectionListener h = (p, connection) -> invoker.call(handler, EventContext.connection(p, connection));
                peer.onConnection(h);
                registered.add(h);
            }
            case LISTEN -> {
                PeerListener h = p -> invoker.call(handler, EventContext.peer(HandlerEvent.LISTEN, p));
                peer.onListen(h);
                registered.add(h);
            }
            case STOP -> {
                PeerListener h = p -> invoker.call(handler, EventContext.peer(HandlerEvent.STOP, p));
                peer.onStop(h);
                registered.add(h);
            }
            default -> throw new IllegalStateException("unknown event " + handler.event());
        }
    }

    /** Removes every handler this binding registered. */
    synchronized void removeAll() {
        for (Object h : registered) {
            peer.removeHandler(h);
        }
        registered.clear();
    }

    Peer peer() {
        return peer;
    }
}
