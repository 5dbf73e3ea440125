package io.p2pboot.bench.workload;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LoadThreads;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The library side of {@code handshake-N}: N client peers, each with its own thread, {@code
 * connect} (TCP + HELLO/ACCEPT) then {@code close} to one listening peer, over and over. Paused,
 * each thread finishes its handshake and parks.
 */
final class P2pHandshakes implements Contender {

    private final LongAdder done = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<Peer> clients = new ArrayList<>();
    private Peer server;
    private LoadThreads threads;

    private P2pHandshakes() {
    }

    /** Listening, connected to nothing yet, paused. */
    static P2pHandshakes open(int clients) throws IOException {
        P2pHandshakes h = new P2pHandshakes();
        try {
            h.server = Peers.start(DataType.BYTES);
            for (int i = 0; i < clients; i++) {
                h.clients.add(Peers.start(DataType.BYTES));
            }
            h.threads = new LoadThreads("bench-handshake", clients, i -> () -> h.handshake(h.clients.get(i)));
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private void handshake(Peer client) {
        try {
            Connection c = client.connect(server.name(), ConnectOptions.of(DataType.BYTES));
            c.close();
            done.increment();
        } catch (Exception e) {
            failures.increment();
        }
    }

    /** Connects that failed (counted neither as handshakes nor as errors of the run). */
    long failures() {
        return failures.sum();
    }

    @Override
    public void resume() {
        threads.resume();
    }

    @Override
    public void pause() {
        threads.pause();
    }

    @Override
    public long count() {
        return done.sum();
    }

    @Override
    public void close() {
        try {
            if (threads != null) {
                threads.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Peers.stop(clients.toArray(new Peer[0]));
            Peers.stop(server);
        }
    }
}
