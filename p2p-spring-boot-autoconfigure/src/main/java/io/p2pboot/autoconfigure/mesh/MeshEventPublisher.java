package io.p2pboot.autoconfigure.mesh;

import io.p2pboot.autoconfigure.event.MeshGaveUpEvent;
import io.p2pboot.autoconfigure.event.MeshReconnectedEvent;
import io.p2pboot.mesh.MeshListener;
import io.p2pboot.peer.Peer;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;

/** The mesh's news as application events. */
final class MeshEventPublisher implements MeshListener {

    private final Peer peer;
    private final ApplicationEventPublisher events;

    MeshEventPublisher(Peer peer, ApplicationEventPublisher events) {
        this.peer = peer;
        this.events = events;
    }

    @Override
    public void gaveUp(String peerName, int attempts, String reason) {
        events.publishEvent(new MeshGaveUpEvent(peer, peerName, attempts, reason));
    }

    @Override
    public void reconnected(String peerName, int attempts, Duration down) {
        events.publishEvent(new MeshReconnectedEvent(peer, peerName, attempts, down));
    }
}
