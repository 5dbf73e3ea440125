package io.p2pboot.bench.workload;

import io.p2pboot.bench.ChainGate;
import io.p2pboot.bench.Contender;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The library side of {@code handshake-N-async}: N client peers, each running a chain of
 * {@code connectAsync} then {@code closeAsync}, the next handshake started from the completion of
 * the close (on the peer's handler executor, where those futures complete), as raw Netty's chains
 * start theirs from the close future. No thread blocks. Paused, a chain finishes its handshake and
 * goes idle until resumed.
 */
final class P2pAsyncHandshakes implements Contender {

    private final LongAdder done = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<Peer> clients = new ArrayList<>();
    private final ChainGate gate;
    private Peer server;

    private P2pAsyncHandshakes(int chains) {
        this.gate = new ChainGate(chains, "handshake chains");
    }

    /** Listening, connected to nothing yet, paused. */
    static P2pAsyncHandshakes open(int clients) throws IOException {
        P2pAsyncHandshakes h = new P2pAsyncHandshakes(clients);
        try {
            h.server = Peers.start(DataType.BYTES);
            for (int i = 0; i < clients; i++) {
                h.clients.add(Peers.start(DataType.BYTES));
            }
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Starts the chain's next handshake, or lets the chain go idle while paused. */
    private void next(Peer client) {
        if (!gate.mayGoOn()) {
            return;
        }
        client.connectAsync(server.name(), ConnectOptions.of(DataType.BYTES))
                .thenCompose(Connection::closeAsync)
                .whenComplete((reason, error) -> {
                    if (error != null) {
                        failures.increment();
                    } else {
                        done.increment();
                    }
                    next(client);
                });
    }

    /** Connects that failed (counted neither as handshakes nor as errors of the run). */
    long failures() {
        return failures.sum();
    }

    @Override
    public void resume() {
        int restart = gate.open();
        for (int i = 0; i < restart; i++) {
            next(clients.get(i % clients.size()));
        }
    }

    @Override
    public void pause() {
        gate.closeAndWait();
    }

    @Override
    public long count() {
        return done.sum();
    }

    @Override
    public void close() {
        try {
            pause();
        } catch (IllegalStateException stuck) {
            // stopping the peers ends the chains anyway
        }
        Peers.stop(clients.toArray(new Peer[0]));
        Peers.stop(server);
    }
}
