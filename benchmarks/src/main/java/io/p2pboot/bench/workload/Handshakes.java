package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.BlockingCallerHandshakes;
import io.p2pboot.bench.raw.RawHandshakes;
import java.util.List;

/**
 * {@code handshake-1}/{@code -8}: {@code connect} (TCP + HELLO/ACCEPT) then {@code close}, over
 * and over, from 1 or 8 client peers in their own threads, to one listening peer; interleaved
 * with as many raw Netty handshake chains. {@code handshake-1-async}: the same with
 * {@code connectAsync} and {@code closeAsync} chained, no thread blocking ({@link P2pAsyncHandshakes}).
 */
public final class Handshakes implements Workload {

    private final int clients;
    private final boolean async;

    public Handshakes(int clients) {
        this(clients, false);
    }

    private Handshakes(int clients, boolean async) {
        this.clients = clients;
        this.async = async;
    }

    /** {@code handshake-N-async}: chains of {@code connectAsync} and {@code closeAsync}. */
    public static Handshakes async(int clients) {
        return new Handshakes(clients, true);
    }

    @Override
    public List<String> names() {
        return List.of("handshake-" + clients + (async ? "-async" : ""));
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        if (async) {
            return runAsync(settings);
        }
        Interleaved.Result result;
        long failures;
        try (P2pHandshakes p2p = P2pHandshakes.open(clients); RawHandshakes raw = RawHandshakes.open(clients)) {
            result = Interleaved.run(p2p, raw, settings);
            failures = p2p.failures();
        }
        if (failures > 0) {
            System.err.println("handshake-" + clients + ": " + failures + " connects failed");
        }
        // Raw Netty again, but from blocking threads as the library's connect and close are used:
        // what the hand-offs of a blocking API cost without any library (a reference, not a target).
        double blocking = BlockingCallerHandshakes.perSecond(clients, settings);
        return List.of(Row.higher("handshake-" + clients, "handshakes/s", result.p2pRate(), result.rawRate())
                .withNote(String.format("raw from blocking callers %,.0f/s: p2p %.2f of it", blocking,
                        result.p2pRate() / blocking) + result.rerunNote()));
    }

    private List<Row> runAsync(Settings settings) throws Exception {
        Interleaved.Result result;
        long failures;
        try (P2pAsyncHandshakes p2p = P2pAsyncHandshakes.open(clients); RawHandshakes raw = RawHandshakes.open(clients)) {
            result = Interleaved.run(p2p, raw, settings);
            failures = p2p.failures();
        }
        if (failures > 0) {
            System.err.println(names().get(0) + ": " + failures + " connects failed");
        }
        return List.of(Row.higher(names().get(0), "handshakes/s", result.p2pRate(), result.rawRate())
                .withNote("connectAsync + closeAsync chained" + result.rerunNote()));
    }
}
