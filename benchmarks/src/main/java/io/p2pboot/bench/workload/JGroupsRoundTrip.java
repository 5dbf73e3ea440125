package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.jgroups.JGroupsPingPong;
import io.p2pboot.bench.raw.RawPingPong;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jgroups-rtt-64B-p50}/{@code -p99}: {@code rtt-64B} on JGroups ({@link JGroupsPingPong}),
 * interleaved with the same raw Netty ping-pong.
 */
public final class JGroupsRoundTrip implements Workload {

    private static final int SIZE = 64;
    private static final int MAX_SAMPLES = 2_000_000;

    @Override
    public List<String> names() {
        return List.of("jgroups-rtt-64B-p50", "jgroups-rtt-64B-p99");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        long[] jgroups;
        long[] raw;
        String rerun;
        try (JGroupsPingPong jgroupsSide = JGroupsPingPong.open(SIZE, MAX_SAMPLES);
             RawPingPong rawSide = RawPingPong.open(SIZE, MAX_SAMPLES)) {
            Interleaved.Result result = Interleaved.run(jgroupsSide, rawSide, settings);
            jgroups = jgroupsSide.samples().within(result.p2p());
            raw = rawSide.samples().within(result.raw());
            rerun = result.rerunNote();
        }
        List<Row> rows = new ArrayList<>();
        for (int p : new int[] {50, 99}) {
            Row row = Row.lower("jgroups-rtt-64B-p" + p, "µs", RoundTrip.micros(jgroups, p), RoundTrip.micros(raw, p));
            rows.add(Contenders.row(row, "rtt-64B-p" + p, context,
                    String.format("samples JGroups %d, raw %d", jgroups.length, raw.length) + rerun));
        }
        return rows;
    }
}
