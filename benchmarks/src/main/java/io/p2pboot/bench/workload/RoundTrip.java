package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Stats;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.BlockingPingPong;
import io.p2pboot.bench.raw.RawPingPong;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code rtt-64B-p50}/{@code -p99}: ping-pong with one 64-byte message in flight. The server's
 * data handler echoes; the client thread sends and waits in {@code receive}. The samples are cut
 * into the run's rounds; each percentile is the median of the rounds' percentiles.
 */
public final class RoundTrip implements Workload {

    private static final int SIZE = 64;
    private static final int MAX_SAMPLES = 2_000_000;

    @Override
    public List<String> names() {
        return List.of("rtt-64B-p50", "rtt-64B-p99");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        long[] p2p = p2pRoundTrips(settings);
        long[] raw = RawPingPong.roundTrips(SIZE, settings, MAX_SAMPLES);
        long[] limit = BlockingPingPong.roundTrips(SIZE, settings, MAX_SAMPLES);
        List<Row> rows = new ArrayList<>();
        for (int p : new int[] {50, 99}) {
            rows.add(Row.lower("rtt-64B-p" + p, "µs", micros(p2p, p, settings), micros(raw, p, settings))
                    .withLimit(micros(limit, p, settings))
                    .withNote(String.format("samples p2p %d, raw %d", p2p.length, raw.length)));
        }
        return rows;
    }

    static double micros(long[] samples, double p, Settings settings) {
        int rounds = Math.max(1, Math.min(settings.rounds(), samples.length));
        int per = samples.length / rounds;
        List<Double> perRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long[] chunk = Arrays.copyOfRange(samples, r * per, (r + 1) * per);
            perRound.add(Stats.percentile(chunk, chunk.length, p) / 1000.0);
        }
        return Stats.median(perRound);
    }

    private long[] p2pRoundTrips(Settings settings) throws Exception {
        Peer server = Peers.start(DataType.BYTES).onData((c, r) -> c.sendAsync(r.value()));
        Peer client = Peers.start(DataType.BYTES);
        try {
            Connection c = Peers.connect(client, server, ConnectOptions.of(DataType.BYTES).notStreaming());
            byte[] ping = new byte[SIZE];
            long[] samples = new long[MAX_SAMPLES];
            int n = 0;
            long warmupEnds = System.nanoTime() + settings.warmup().toNanos();
            long ends = warmupEnds + settings.round().toNanos() * settings.rounds();
            Duration wait = Duration.ofSeconds(2);
            long now;
            while ((now = System.nanoTime()) - ends < 0 && n < MAX_SAMPLES) {
                c.sendAsync(ping);
                Received echo = c.receive(wait);
                long rtt = System.nanoTime() - now;
                if (echo == null) {
                    throw new IllegalStateException("no echo within " + wait);
                }
                if (now - warmupEnds > 0) {
                    samples[n++] = rtt;
                }
            }
            return Arrays.copyOf(samples, n);
        } finally {
            Peers.stop(client, server);
        }
    }
}
