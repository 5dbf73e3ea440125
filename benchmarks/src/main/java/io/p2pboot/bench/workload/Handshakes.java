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
 * with as many raw Netty handshake chains.
 */
public final class Handshakes implements Workload {

    private final int clients;

    public Handshakes(int clients) {
        this.clients = clients;
    }

    @Override
    public List<String> names() {
        return List.of("handshake-" + clients);
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
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
}
