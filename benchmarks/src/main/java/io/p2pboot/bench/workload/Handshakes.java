package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.RawHandshakes;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code handshake-1}/{@code -8}: {@code connect} (TCP + HELLO/ACCEPT) then {@code close}, over
 * and over, from 1 or 8 client peers in their own threads, to one listening peer.
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
        double p2p = p2pRate(settings);
        double raw = RawHandshakes.perSecond(clients, settings);
        return List.of(Row.higher("handshake-" + clients, "handshakes/s", p2p, raw));
    }

    private double p2pRate(Settings settings) throws Exception {
        Peer server = Peers.start(DataType.BYTES);
        List<Peer> peers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        LongAdder done = new LongAdder();
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            for (int i = 0; i < clients; i++) {
                Peer client = Peers.start(DataType.BYTES);
                peers.add(client);
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            Connection c = client.connect(server.name(), ConnectOptions.of(DataType.BYTES));
                            c.close();
                            done.increment();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }, "bench-handshake-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            double rate = Sampler.medianRate(done::sum, settings);
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
            if (failures.get() > 0) {
                System.err.println("handshake-" + clients + ": " + failures.get() + " connects failed");
            }
            return rate;
        } finally {
            running.set(false);
            Peers.stop(peers.toArray(new Peer[0]));
            Peers.stop(server);
        }
    }
}
