package io.p2pboot.peer;

import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.HandlerList;
import io.p2pboot.pipe.PipeChannel;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code close} listeners of one connection, the peer's first: each runs once, after the
 * connection's last message was handled; one added after the end runs at once, on the handler
 * executor.
 */
final class CloseListeners {

    private static final Logger log = LoggerFactory.getLogger(CloseListeners.class);

    private final Peer peer;
    private final PipeChannel channel;
    /** Made with the first listener of this connection ({@link HandlerList#in}): most have none of their own. */
    private volatile @Nullable HandlerList<CloseListener> listeners;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<CloseListeners, HandlerList> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(CloseListeners.class, HandlerList.class, "listeners");

    CloseListeners(Peer peer, PipeChannel channel) {
        this.peer = peer;
        this.channel = channel;
    }

    void add(Connection c, CloseListener listener) {
        HandlerList<CloseListener> listeners = HandlerList.in(this, LISTENERS);
        listeners.add(listener);
        if (c.pipe().hasEnded()) {
            channel.execute(() -> {
                if (listeners.remove(listener)) {
                    call(c, listener, c.pipe().closeReason());
                }
            });
        }
    }

    /** Whether none would run: then the end may stay on the event loop. */
    boolean isEmpty() {
        return HandlerList.orNone(listeners).isEmpty() && peer.closeListeners().isEmpty();
    }

    /** Fires {@code close}, on the handler executor (from the event loop, after a hand-off there). */
    void fire(Connection c, CloseReason reason, boolean onLoop) {
        if (onLoop && !isEmpty()) {
            // A listener was added as the pipe ended: user code never runs on the event loop.
            channel.execute(() -> fire(c, reason, false));
            return;
        }
        for (CloseListener l : peer.closeListeners()) {
            call(c, l, reason);
        }
        HandlerList<CloseListener> listeners = HandlerList.orNone(this.listeners);
        for (CloseListener l : listeners) {
            if (listeners.remove(l)) {
                call(c, l, reason);
            }
        }
    }

    private void call(Connection c, CloseListener l, @Nullable CloseReason reason) {
        try {
            l.onClose(c, reason);
        } catch (Exception e) {
            log.warn("close handler failed on the connection to {}", c.peerName(), e);
        }
    }
}
