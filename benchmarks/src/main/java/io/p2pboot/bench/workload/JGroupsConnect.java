package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.jgroups.JGroupsJoins;
import io.p2pboot.bench.raw.RawHandshakes;
import java.util.List;

/**
 * {@code jgroups-connect}: JGroups' counterpart of {@code handshake-1}, one client joining a running
 * coordinator's cluster and leaving again ({@link JGroupsJoins}), interleaved with one raw Netty
 * handshake chain; compared with the library's {@code handshake-1} (connect + close).
 */
public final class JGroupsConnect implements Workload {

    @Override
    public List<String> names() {
        return List.of("jgroups-connect");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        Interleaved.Result result;
        long missed;
        try (JGroupsJoins jgroups = JGroupsJoins.open(); RawHandshakes raw = RawHandshakes.open(1)) {
            result = Interleaved.run(jgroups, raw, settings);
            missed = jgroups.missed();
        }
        Row row = Row.higher("jgroups-connect", "handshakes/s", result.p2pRate(), result.rawRate());
        String misses = missed == 0 ? "" : "; " + missed + " joins missed the coordinator, not counted";
        return List.of(Contenders.row(row, "handshake-1", context,
                "a join to a view of two and a leave, from one client" + misses + result.rerunNote()));
    }
}
