package io.p2pboot.bench.workload;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LatencySamples;
import io.p2pboot.bench.LoadThreads;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.HandlerDispatch;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.peer.Received;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import java.time.Duration;

/**
 * The library side of {@code rtt-64B}: the server's data handler echoes; a client thread sends
 * with {@code sendAsync}, waits in {@code receive} and times the round trip. Paused, the thread
 * parks between two ping-pongs, so nothing is in flight.
 */
final class P2pPingPong implements Contender {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private final LatencySamples samples;
    private Peer server;
    private Peer client;
    private LoadThreads pinger;

    private P2pPingPong(int capacity) {
        samples = new LatencySamples(capacity);
    }

    /** Connected and paused; keeps at most {@code capacity} round-trip times. */
    static P2pPingPong open(int size, int capacity) throws IOException {
        return open(size, capacity, HandlerDispatch.EXECUTOR);
    }

    /** As {@link #open(int, int)}, with the server's echo handler running where {@code dispatch} says. */
    static P2pPingPong open(int size, int capacity, HandlerDispatch dispatch) throws IOException {
        return open(size, capacity, dispatch, false);
    }

    /** As {@link #open(int, int, HandlerDispatch)}, both peers with sessions when {@code sessions}. */
    static P2pPingPong open(int size, int capacity, HandlerDispatch dispatch, boolean sessions) throws IOException {
        P2pPingPong p = new P2pPingPong(capacity);
        try {
            p.server = Peer.create(Peers.config(DataType.BYTES).handlerDispatch(dispatch)
                            .sessions(sessions ? SessionConfig.defaults() : null).build()).start()
                    .onData((c, r) -> c.sendAsync(r.value()));
            p.client = Peers.start(DataType.BYTES, sessions);
            Connection c = Peers.connect(p.client, p.server, ConnectOptions.of(DataType.BYTES).notStreaming());
            byte[] ping = new byte[size];
            p.pinger = new LoadThreads("bench-pinger", () -> p.pingPong(c, ping));
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void pingPong(Connection c, byte[] ping) {
        long start = System.nanoTime();
        c.sendAsync(ping);
        Received echo = c.receive(WAIT);
        long rtt = System.nanoTime() - start;
        if (echo == null) {
            throw new IllegalStateException("no echo within " + WAIT);
        }
        samples.add(rtt);
    }

    /** Round-trip times in nanoseconds; {@link #count()} is how many. */
    LatencySamples samples() {
        return samples;
    }

    @Override
    public void resume() {
        pinger.resume();
    }

    @Override
    public void pause() {
        pinger.pause();
    }

    @Override
    public long count() {
        return samples.count();
    }

    @Override
    public void close() {
        try {
            if (pinger != null) {
                pinger.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Peers.stop(client, server);
        }
    }
}
