package io.p2pboot.bench.workload;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LoadThreads;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerHandlers;
import io.p2pboot.peer.Received;
import io.p2pboot.peer.SendTimeoutException;
import io.p2pboot.protocol.DataType;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The library side of the one-way workloads: a user thread sends one value over and over with
 * the blocking {@code send}, as an application would; the receiving peer's data handler counts
 * the messages it accepts.
 */
final class P2pOneWay implements Contender {

    private final LongAdder received = new LongAdder();
    private Peer server;
    private Peer client;
    private LoadThreads sender;

    private P2pOneWay() {
    }

    /**
     * Two peers, one connection, a paused sender.
     *
     * @param accept what the handler does with each message; counted when it returns true
     */
    static P2pOneWay open(DataType type, ConnectOptions options, Object value, Predicate<Received> accept)
            throws IOException {
        return open(type, options, value, accept, null);
    }

    /**
     * As {@link #open(DataType, ConnectOptions, Object, Predicate)}, with the handler declaring
     * {@code payloadType} (a {@code ByteBuf}: the payload arrives as a view, no copy).
     */
    static P2pOneWay open(DataType type, ConnectOptions options, Object value, Predicate<Received> accept,
                          @Nullable Type payloadType) throws IOException {
        return open(type, options, value, accept, payloadType, false);
    }

    /** As {@link #open(DataType, ConnectOptions, Object, Predicate)}, both peers with sessions when {@code sessions}. */
    static P2pOneWay open(DataType type, ConnectOptions options, Object value, Predicate<Received> accept,
                          @Nullable Type payloadType, boolean sessions) throws IOException {
        P2pOneWay w = new P2pOneWay();
        try {
            w.server = Peers.start(type, sessions).onData(new PeerHandlers.DataHandler() {
                @Override
                public void onData(Connection c, Received r) {
                    if (accept.test(r)) {
                        w.received.increment();
                    }
                }

                @Override
                public @Nullable Type payloadType() {
                    return payloadType;
                }
            });
            w.client = Peers.start(type, sessions);
            Connection c = Peers.connect(w.client, w.server, options);
            if (c.hasSession() != sessions) {
                throw new IllegalStateException("the connection has " + (sessions ? "no " : "a ") + "session");
            }
            w.sender = new LoadThreads("bench-sender", () -> send(c, value));
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private static void send(Connection c, Object value) {
        if (!c.isOpen()) {
            throw new IllegalStateException("the connection closed: " + c.closeReason());
        }
        try {
            c.send(value);
        } catch (SendTimeoutException slow) {
            // the receiver lagged for the whole timeout: try again
        }
    }

    @Override
    public void resume() {
        sender.resume();
    }

    @Override
    public void pause() {
        sender.pause();
    }

    @Override
    public long count() {
        return received.sum();
    }

    @Override
    public void close() {
        try {
            if (sender != null) {
                sender.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Peers.stop(client, server);
        }
    }
}
