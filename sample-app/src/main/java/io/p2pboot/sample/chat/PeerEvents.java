package io.p2pboot.sample.chat;

import io.p2pboot.autoconfigure.event.ConnectionOpenedEvent;
import io.p2pboot.autoconfigure.event.PeerDiscoveredEvent;
import io.p2pboot.autoconfigure.event.PeerLostEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The starter's application events, as any Spring bean sees them. Discovery itself logs peers found
 * and lost at INFO, rate limited (forged answers must not flood the log), so they are logged here
 * at DEBUG only.
 */
@Component
public class PeerEvents {

    private static final Logger log = LoggerFactory.getLogger(PeerEvents.class);

    @EventListener
    public void discovered(PeerDiscoveredEvent event) {
        log.debug("discovered peer {}", event.getDiscovered().name());
    }

    @EventListener
    public void lost(PeerLostEvent event) {
        log.debug("lost peer {}", event.getLost().name());
    }

    @EventListener
    public void opened(ConnectionOpenedEvent event) {
        log.info("connected to {} ({})", event.getConnection().peerName(), event.getConnection().dataType());
    }
}
