package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Peer;
import org.springframework.context.ApplicationEvent;

/** Base of the application events about the peer; the source is the {@link Peer}. */
public abstract class P2pEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    protected P2pEvent(Peer peer) {
        super(peer);
    }

    public Peer getPeer() {
        return (Peer) getSource();
    }
}
