package io.p2pboot.bench.workload;

import io.p2pboot.bench.Contender;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The library side of {@code handshake-N-async}: N client peers, each running a chain of
 * {@code connectAsync} then {@code closeAsync}, the next handshake started from the completion of
 * the close (on the peer's handler executor, where those futures complete), as raw Netty's chains
 * start theirs from the close future. No thread blocks. Paused, a chain finishes its handshake and
 * goes idle until resumed.
 */
final class P2pAsyncHandshakes implements Contender {

    private static final long PAUSE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LongAdder done = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<Peer> clients = new ArrayList<>();
    private final Object lock = new Object();
    private final int chains;
    private boolean paused = true; // guarded by lock
    private int idle; // guarded by lock
    private Peer server;

    private P2pAsyncHandshakes(int chains) {
        this.chains = chains;
        this.idle = chains;
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
        synchronized (lock) {
            if (paused) {
                idle++;
                lock.notifyAll();
                return;
            }
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
        int restart;
        synchronized (lock) {
            paused = false;
            restart = idle;
            idle = 0;
        }
        for (int i = 0; i < restart; i++) {
            next(clients.get(i % clients.size()));
        }
    }

    @Override
    public void pause() {
        synchronized (lock) {
            paused = true;
            long deadline = System.nanoTime() + PAUSE_LIMIT_NANOS;
            try {
                while (idle < chains) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException((chains - idle) + " handshake chains did not pause within 10 s");
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pausing", e);
            }
        }
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
