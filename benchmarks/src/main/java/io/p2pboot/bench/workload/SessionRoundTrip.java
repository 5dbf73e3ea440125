package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.peer.HandlerDispatch;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rtt-64B-session-p50}/{@code -p99}: the {@code rtt-64B} ping-pong on a connection with an
 * acknowledged session, interleaved with the same ping-pong without one: the ratio is the latency a
 * session adds (its ACKs travel beside the echoes).
 */
public final class SessionRoundTrip implements Workload {

    private static final int SIZE = 64;
    private static final int MAX_SAMPLES = 2_000_000;
    private static final String PREFIX = "rtt-64B-session";

    @Override
    public List<String> names() {
        return List.of(PREFIX + "-p50", PREFIX + "-p99");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        long[] withSession;
        long[] without;
        String rerun;
        try (P2pPingPong session = P2pPingPong.open(SIZE, MAX_SAMPLES, HandlerDispatch.EXECUTOR, true);
             P2pPingPong plain = P2pPingPong.open(SIZE, MAX_SAMPLES, HandlerDispatch.EXECUTOR, false)) {
            Interleaved.Result result = Interleaved.run(session, plain, settings);
            withSession = session.samples().within(result.p2p());
            without = plain.samples().within(result.raw());
            rerun = result.rerunNote();
        }
        List<Row> rows = new ArrayList<>();
        for (int p : new int[] {50, 99}) {
            rows.add(Row.lower(PREFIX + "-p" + p, "µs", RoundTrip.micros(withSession, p), RoundTrip.micros(without, p))
                    .withNote(String.format("baseline = p2p without a session, interleaved; samples %d, %d",
                            withSession.length, without.length) + rerun));
        }
        return rows;
    }
}
