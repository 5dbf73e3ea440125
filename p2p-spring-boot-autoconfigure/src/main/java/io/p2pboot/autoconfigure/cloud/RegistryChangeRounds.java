package io.p2pboot.autoconfigure.cloud;

import io.p2pboot.discovery.Discovery;
import io.p2pboot.peer.Peer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;

/**
 * A registry said its entries changed ({@code HeartbeatEvent}, which ZooKeeper, Consul and
 * Kubernetes publish): the peer runs a discovery round now, so peers that joined or left are told
 * at once rather than an interval later. Events that come while a round waits make one round.
 */
public class RegistryChangeRounds implements ApplicationListener<HeartbeatEvent> {

    private final Supplier<@Nullable Peer> peer;

    public RegistryChangeRounds(Supplier<@Nullable Peer> peer) {
        this.peer = peer;
    }

    @Override
    public void onApplicationEvent(HeartbeatEvent event) {
        Peer p = peer.get();
        if (p != null) {
            p.discovery().ifPresent(Discovery::roundNow);
        }
    }
}
