package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.bench.workload.Handshakes;
import io.p2pboot.bench.workload.RoundTrip;
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
}
