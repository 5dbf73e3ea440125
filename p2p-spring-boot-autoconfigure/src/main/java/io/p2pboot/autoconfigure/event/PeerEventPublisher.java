package io.p2pboot.autoconfigure.event;

import io.p2pboot.peer.Peer;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;

/**
 * Publishes every {@link Peer} bean's connection lifecycle and discovery results as application
 * events, the auto-configured peer's and an application's own alike, for {@code @EventListener}
 * methods. A peer is wired once, however often it passes through here.
 */
public class PeerEventPublisher implements BeanPostProcessor, ApplicationEventPublisherAware {

    private final Set<Peer> wired = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private ApplicationEventPublisher publisher = event -> { };

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Peer peer && wired.add(peer)) {
            publishEventsOf(peer);
        }
        return bean;
    }

    private void publishEventsOf(Peer peer) {
        ApplicationEventPublisher to = publisher;
        peer.onConnection((p, c) -> to.publishEvent(new ConnectionOpenedEvent(p, c)))
                .onClose((c, reason) -> to.publishEvent(new ConnectionClosedEvent(c.peer(), c, reason)))
                .onPeerDiscovered((p, found) -> to.publishEvent(new PeerDiscoveredEvent(p, found)))
                .onPeerLost((p, gone) -> to.publishEvent(new PeerLostEvent(p, gone)));
        if (peer.config().sessions() != null) {
            peer.onSessionExpired((p, expiry) -> to.publishEvent(new SessionExpiredEvent(p, expiry)));
        }
    }
}
