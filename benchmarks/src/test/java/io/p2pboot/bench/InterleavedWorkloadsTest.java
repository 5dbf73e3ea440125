package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.bench.workload.Handshakes;
import io.p2pboot.bench.workload.JGroupsRoundTrip;
import io.p2pboot.bench.workload.JGroupsThroughput;
import io.p2pboot.bench.workload.RoundTrip;
import io.p2pboot.bench.workload.SessionRoundTrip;
import io.p2pboot.bench.workload.SessionThroughput;
import io.p2pboot.bench.workload.Throughput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interleaved workloads {@link HarnessTest} does not run, briefly, over real loopback sockets:
 * ping-pongs and handshake chains that pause and resume, both sides measured. (json-small is left
 * out: on a busy machine its first messages wait for Jackson longer than a smoke run lasts.)
 */
class InterleavedWorkloadsTest {

    @Test
    void roundTripsAndHandshakesMeasureBothSides() throws Exception {
        RunContext context = new RunContext();
        for (Workload w : List.of(new RoundTrip(), new Handshakes(2))) {
            for (Row r : w.run(Settings.smoke(), context)) {
                assertThat(r.p2p()).as(r.name()).isPositive();
                assertThat(r.raw()).as(r.name()).isNotNull().isPositive();
                if (r.name().startsWith("handshake")) {
                    assertThat(r.note()).as("the blocking-caller reference was measured")
                            .matches("raw from blocking callers [1-9][0-9,]*/s: p2p .*");
                }
            }
        }
    }

    @Test
    void sessionRowsMeasureASessionAgainstTheSameWorkloadWithoutOne() throws Exception {
        RunContext context = new RunContext();
        for (Workload w : List.of(new SessionThroughput("bytes-64B-session", 64), new SessionRoundTrip())) {
            for (Row r : w.run(Settings.smoke(), context)) {
                assertThat(r.p2p()).as(r.name()).isPositive();
                assertThat(r.raw()).as(r.name()).isNotNull().isPositive();
                assertThat(r.note()).as(r.name()).startsWith("baseline = p2p without a session");
            }
        }
        assertThat(Targets.describe("bytes-64B-session")).isEqualTo("≥ 0.7");
        assertThat(Targets.describe("bytes-64KiB-session")).isEqualTo("≥ 0.85");
    }

    @Test
    void theAsyncHandshakeChainMeasuresBothSides() throws Exception {
        List<Row> rows = Handshakes.async(1).run(Settings.smoke(), new RunContext());
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("handshake-1-async");
            assertThat(r.p2p()).isPositive();
            assertThat(r.raw()).isPositive();
        });
    }

    @Test
    void jgroupsRowsAreJudgedAgainstTheLibrarysRatioOfTheSameRun() throws Exception {
        RunContext context = new RunContext();
        Row p2p = new Throughput("bytes-1KiB", 1024, false).run(Settings.smoke(), context).get(0);
        context.put(RunContext.ratioOf(p2p.name()), p2p.ratio());
        List<Row> rows = new ArrayList<>(new JGroupsThroughput(1024).run(Settings.smoke(), context));
        rows.addAll(new JGroupsRoundTrip().run(Settings.smoke(), context));
        Row oneWay = rows.get(0);
        assertThat(oneWay.name()).isEqualTo("jgroups-bytes-1KiB");
        assertThat(oneWay.raw()).isPositive();
        assertThat(oneWay.rival()).isEqualTo(p2p.ratio());
        assertThat(Targets.met(oneWay)).isEqualTo(p2p.ratio() > oneWay.ratio());
        assertThat(rows.get(1).name()).isEqualTo("jgroups-rtt-64B-p50");
        assertThat(rows.get(1).p2p()).as("JGroups round trips were timed").isPositive();
        assertThat(rows.get(1).rival()).as("rtt-64B did not run: nothing to judge").isNull();
        assertThat(Targets.met(rows.get(1))).isNull();
    }
}
