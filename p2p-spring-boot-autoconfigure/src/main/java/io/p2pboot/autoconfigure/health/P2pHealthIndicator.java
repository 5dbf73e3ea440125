package io.p2pboot.autoconfigure.health;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.autoconfigure.PeerLifecycle;
import io.p2pboot.autoconfigure.stun.StunMapping;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshState;
import io.p2pboot.peer.Peer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The peer's health: UP while it listens, with its name, connection count and the peers its
 * sources know, each with its {@code source} tag ({@code broadcast}, {@code seed}, or both joined
 * by a comma), and with a mesh its state ({@code mesh}: connected, wanted, the peers being dialled
 * again and when), and with {@code p2p.stun.server} the mapping found ({@code stun}); DOWN before it starts, after it stops, or when it could not listen (with why).
 */
public class P2pHealthIndicator extends AbstractHealthIndicator {

    private final Peer peer;
    private final @Nullable PeerLifecycle lifecycle;
    private final @Nullable Mesh mesh;
    private final @Nullable StunMapping stun;

    /** @param lifecycle the peer's lifecycle, whose start failure is reported; {@code null} when the application starts the peer itself */
    public P2pHealthIndicator(Peer peer, @Nullable PeerLifecycle lifecycle) {
        this(peer, lifecycle, null, null);
    }

    /**
     * @param mesh the peer's mesh, whose state is shown under {@code mesh}; {@code null} without one
     * @param stun the mapping asked of a STUN server, shown under {@code stun}; {@code null} without one
     */
    public P2pHealthIndicator(Peer peer, @Nullable PeerLifecycle lifecycle, @Nullable Mesh mesh,
                              @Nullable StunMapping stun) {
        super("p2p health check failed");
        this.peer = peer;
        this.lifecycle = lifecycle;
        this.mesh = mesh;
        this.stun = stun;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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
        if (mesh != null) {
            builder.withDetail("mesh", meshDetails(mesh.state()));
        }
        if (stun != null) {
            builder.withDetail("stun", stun.details());
        }
    }

    /** Connected and wanted, and for each peer being dialled again: its attempts, the next one, and why the last failed. */
    private static Map<String, Object> meshDetails(MeshState state) {
        List<Map<String, Object>> retrying = state.retrying().stream().map(r -> {
            Map<String, Object> peer = new LinkedHashMap<>();
            peer.put("name", r.peerName());
            peer.put("attempts", r.attempts());
            if (r.nextAttempt() != null) {
                peer.put("nextAttempt", r.nextAttempt().toString());
            }
            peer.put("lastFailure", r.lastFailure());
            return peer;
        }).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connected", state.connected());
        details.put("wanted", state.wanted());
        details.put("retrying", retrying);
        details.put("reconnects", state.reconnects());
        details.put("gaveUp", state.gaveUp());
        return details;
    }
}
