package io.p2pboot.autoconfigure.health;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.autoconfigure.PeerLifecycle;
import io.p2pboot.peer.Peer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The peer's health: UP while it listens, with its name, connection count and the peers its
 * sources know, each with its {@code source} tag ({@code broadcast}, {@code seed}, or both joined
 * by a comma); DOWN before it starts, after it stops, or when it could not listen (with why).
 * {@link P2pHealthDetails} beans add their own details (a registry's state) whatever the status.
 */
public class P2pHealthIndicator extends AbstractHealthIndicator {

    private final Peer peer;
    private final @Nullable PeerLifecycle lifecycle;
    private final List<P2pHealthDetails> moreDetails;

    /** @param lifecycle the peer's lifecycle, whose start failure is reported; {@code null} when the application starts the peer itself */
    public P2pHealthIndicator(Peer peer, @Nullable PeerLifecycle lifecycle) {
        this(peer, lifecycle, List.of());
    }

    /** @param moreDetails what other parts add to the details (a registry's state, ...) */
    public P2pHealthIndicator(Peer peer, @Nullable PeerLifecycle lifecycle, List<P2pHealthDetails> moreDetails) {
        super("p2p health check failed");
        this.peer = peer;
        this.lifecycle = lifecycle;
        this.moreDetails = List.copyOf(moreDetails);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        peerHealth(builder);
        moreDetails.forEach(d -> d.addTo(builder));
    }

    private void peerHealth(Health.Builder builder) {
        Exception failure = lifecycle != null ? lifecycle.startFailure() : null;
        if (failure != null) {
            builder.down().withDetail("error", "could not listen on "
                    + PeerAddress.format(peer.config().address(), peer.config().port()) + ": " + failure.getMessage());
            return;
        }
        if (!peer.isListening()) {
            builder.down().withDetail("listening", false);
            return;
        }
        builder.up()
                .withDetail("name", peer.name())
                .withDetail("listening", true)
                .withDetail("connections", peer.connections().size());
        peer.discovery().ifPresent(d -> {
            builder.withDetail("discoveredPeers", peer.discoveredPeers().stream()
                    .map(p -> Map.of("name", p.name(), "source", p.source())).toList());
            if (d.config().enabled()) {
                builder.withDetail("visible", d.isVisible()).withDetail("discoveryPort", d.port());
            }
        });
    }
}
