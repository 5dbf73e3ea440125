package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.jgroups.JGroupsOneWay;
import io.p2pboot.bench.raw.RawThroughput;
import java.util.List;

/**
 * {@code jgroups-bytes-*}: {@code bytes-*} on JGroups ({@link JGroupsOneWay}), interleaved with the
 * same raw Netty baseline, so that its ratio to raw stands beside the library's in {@code bytes-*}.
 */
public final class JGroupsThroughput implements Workload {

    private final int size;
    private final String p2pRow;

    public JGroupsThroughput(int size) {
        this.size = size;
        this.p2pRow = "bytes-" + Sizes.label(size);
    }

    @Override
    public List<String> names() {
        return List.of("jgroups-" + p2pRow);
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        Interleaved.Result result;
        try (JGroupsOneWay jgroups = JGroupsOneWay.open(size); RawThroughput raw = RawThroughput.open(size, false)) {
            result = Interleaved.run(jgroups, raw, settings);
        }
        double rate = result.p2pRate();
        double raw = result.rawRate();
        return List.of(Contenders.row(Row.higher(names().get(0), "msgs/s", rate, raw), p2pRow, context,
                String.format("MB/s JGroups %.0f, raw %.0f", rate * size / 1e6, raw * size / 1e6) + result.rerunNote()));
    }
}
