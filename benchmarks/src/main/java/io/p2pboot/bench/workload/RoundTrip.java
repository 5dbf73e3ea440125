package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Stats;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.BlockingPingPong;
import io.p2pboot.bench.raw.RawPingPong;
import io.p2pboot.peer.HandlerDispatch;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rtt-64B-p50}/{@code -p99}: ping-pong with one 64-byte message in flight. The server's
 * data handler echoes; the client thread sends and waits in {@code receive}. The
 * {@code rtt-64B-loop} rows run the echo handler on the event loop ({@link HandlerDispatch#EVENT_LOOP}). Batches of
 * ping-pongs alternate with the raw baseline's ({@link Interleaved}, one batch per round); each
 * percentile is taken over all counted samples of a side. The blocking limit runs alone after.
 */
public final class RoundTrip implements Workload {

    private static final int SIZE = 64;
    private static final int MAX_SAMPLES = 2_000_000;

    private final String prefix;
    private final HandlerDispatch dispatch;

    /** The handler on the executor: {@code rtt-64B}. */
    public RoundTrip() {
        this("rtt-64B", HandlerDispatch.EXECUTOR);
    }

    private RoundTrip(String prefix, HandlerDispatch dispatch) {
        this.prefix = prefix;
        this.dispatch = dispatch;
    }

    /** The echo handler on the event loop: {@code rtt-64B-loop}. */
    public static RoundTrip onEventLoop() {
        return new RoundTrip("rtt-64B-loop", HandlerDispatch.EVENT_LOOP);
    }

    @Override
    public List<String> names() {
        return List.of(prefix + "-p50", prefix + "-p99");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        long[] p2p;
        long[] raw;
        String rerun;
        try (P2pPingPong p2pSide = P2pPingPong.open(SIZE, MAX_SAMPLES, dispatch);
             RawPingPong rawSide = RawPingPong.open(SIZE, MAX_SAMPLES)) {
            Interleaved.Result result = Interleaved.run(p2pSide, rawSide, settings);
            p2p = p2pSide.samples().within(result.p2p());
            raw = rawSide.samples().within(result.raw());
            rerun = result.rerunNote();
        }
        long[] limit = BlockingPingPong.roundTrips(SIZE, settings, MAX_SAMPLES);
        List<Row> rows = new ArrayList<>();
        for (int p : new int[] {50, 99}) {
            rows.add(Row.lower(prefix + "-p" + p, "µs", micros(p2p, p), micros(raw, p))
                    .withLimit(limitMicros(limit, p, settings))
                    .withNote(String.format("samples p2p %d, raw %d", p2p.length, raw.length) + rerun));
        }
        return rows;
    }

    static double micros(long[] samples, double p) {
        return Stats.percentile(samples, samples.length, p) / 1000.0;
    }

    /** The limit runs alone: its samples are cut into the run's rounds; the median of the rounds' percentiles. */
    static double limitMicros(long[] samples, double p, Settings settings) {
        int rounds = Math.max(1, Math.min(settings.rounds(), samples.length));
        int per = samples.length / rounds;
        List<Double> perRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long[] chunk = java.util.Arrays.copyOfRange(samples, r * per, (r + 1) * per);
            perRound.add(Stats.percentile(chunk, chunk.length, p) / 1000.0);
        }
        return Stats.median(perRound);
    }
}
