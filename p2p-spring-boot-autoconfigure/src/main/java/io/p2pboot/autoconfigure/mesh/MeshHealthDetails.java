package io.p2pboot.autoconfigure.mesh;

import io.p2pboot.autoconfigure.health.P2pHealthDetails;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;

/**
 * The mesh in the {@code p2p} health details, under {@code mesh}: connected and wanted, each peer
 * being dialled again with its attempts, the next one and why the last failed, reconnects and
 * give-ups. A mesh still dialling never makes the peer DOWN: it is the peer's state, not its health.
 */
public class MeshHealthDetails implements P2pHealthDetails {

    private final Mesh mesh;

    public MeshHealthDetails(Mesh mesh) {
        this.mesh = mesh;
    }

    @Override
    public void addTo(Health.Builder builder) {
        builder.withDetail("mesh", details(mesh.state()));
    }

    /** Connected and wanted, and for each peer being dialled again: its attempts, the next one, and why the last failed. */
    static Map<String, Object> details(MeshState state) {
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
