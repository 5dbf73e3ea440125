package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.RawIdleServer;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.util.function.IntSupplier;

/**
 * {@code idle-10k}: 10 000 open, idle connections to one peer (keep-alive on, as by default);
 * {@code p2p} is the peer's heap per connection after full collections. The clients live in a
 * child JVM so that this process spends its file descriptors on the measured side only.
 */
public final class IdleConnections implements Workload {

    @Override
    public java.util.List<String> names() {
        return java.util.List.of("idle-10k");
    }

    @Override
    public java.util.List<Row> run(Settings settings, RunContext context) throws Exception {
        int n = settings.idleConnections();
        long[] p2p;
        // More connections than the default maxConnections, as a user who wants them would configure.
        Peer server = Peer.create(Peers.config(DataType.BYTES).maxConnections(n).build()).start();
        try {
            p2p = measure(n, server.address().getPort(), true, () -> server.connections().size());
        } finally {
            server.stop();
        }
        long[] raw;
        try (RawIdleServer rawServer = new RawIdleServer()) {
            raw = measure(n, rawServer.port(), false, rawServer::connections);
        }
        return java.util.List.of(Row.lower("idle-10k", "B heap/conn", p2p[0], (double) raw[0])
                .withNote(String.format("%d conns; RSS/conn p2p %.1f KiB, raw %.1f KiB", n, p2p[1] / 1024.0, raw[1] / 1024.0)));
    }

    /** Heap and RSS per connection while {@code n} connections are open. */
    private static long[] measure(int n, int port, boolean hello, IntSupplier open) throws Exception {
        long heap0 = Memory.heapAfterGc();
        long rss0 = Memory.rss();
        try (ChildClients clients = new ChildClients(port, n, hello)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (open.getAsInt() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + open.getAsInt() + " of " + n + " connections established");
                }
                Thread.sleep(20);
            }
            Thread.sleep(200);
            long heap1 = Memory.heapAfterGc();
            long rss1 = Memory.rss();
            return new long[] {(heap1 - heap0) / n, (rss1 - rss0) / n};
        }
    }
}
