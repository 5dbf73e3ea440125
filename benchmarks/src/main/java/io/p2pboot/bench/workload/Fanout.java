package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fanout-100}: one peer {@code broadcast}s 1 KiB to 100 connected peers; messages
 * delivered per second, counted in the receivers' handlers. {@code broadcast} does not wait, so
 * the sender waits while any connection is not writable, as a well-behaved application must.
 */
public final class Fanout implements Workload {

    private static final int SIZE = 1024;

    @Override
    public List<String> names() {
        return List.of("fanout-100");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        LongAdder delivered = new LongAdder();
        Peer hub = Peers.start(DataType.BYTES);
        List<Peer> receivers = new ArrayList<>();
        List<Connection> links = new ArrayList<>();
        try {
            for (int i = 0; i < settings.fanoutPeers(); i++) {
                Peer r = Peers.start(DataType.BYTES).onData((c, d) -> delivered.increment());
                receivers.add(r);
                links.add(Peers.connect(hub, r, ConnectOptions.of(DataType.BYTES).notStreaming()));
            }
            byte[] payload = new byte[SIZE];
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sender = new Thread(() -> {
                while (running.get()) {
                    for (Connection c : links) {
                        while (!c.isWritable() && c.isOpen() && running.get()) {
                            LockSupport.parkNanos(20_000);
                        }
                    }
                    hub.broadcast(payload);
                }
            }, "bench-broadcast");
            sender.setDaemon(true);
            sender.start();
            double rate = Sampler.medianRate(delivered::sum, settings);
            running.set(false);
            sender.join(5000);
            return List.of(Row.higher("fanout-100", "msgs/s", rate, null)
                    .withNote(String.format("%d receivers, %.0f MB/s delivered", settings.fanoutPeers(), rate * SIZE / 1e6)));
        } finally {
            Peers.stop(hub);
            Peers.stop(receivers.toArray(new Peer[0]));
        }
    }
}
