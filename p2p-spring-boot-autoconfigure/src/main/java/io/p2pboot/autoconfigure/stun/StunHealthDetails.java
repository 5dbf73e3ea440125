package io.p2pboot.autoconfigure.stun;

import io.p2pboot.autoconfigure.health.P2pHealthDetails;
import org.springframework.boot.health.contributor.Health;

/** The STUN mapping in the {@code p2p} health details, under {@code stun}; a failed one never makes the peer DOWN. */
public class StunHealthDetails implements P2pHealthDetails {

    private final StunMapping mapping;

    public StunHealthDetails(StunMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public void addTo(Health.Builder builder) {
        builder.withDetail("stun", mapping.details());
    }
}
