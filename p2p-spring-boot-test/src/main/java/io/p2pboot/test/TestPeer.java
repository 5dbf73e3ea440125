package io.p2pboot.test;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A second peer for a test to talk to the application under test with, as a Python or Java peer
 * elsewhere would: it listens on loopback on a free port, connects to the application's
 * {@link Peer}, sends, and awaits what comes back, failing the test with a clear message when
 * nothing does. Made by {@link P2pTest}; it starts on first use and stops with the context.
 */
public class TestPeer implements AutoCloseable {

    /** How long {@link #receive()} waits when not told. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final ObjectProvider<Peer> application;
    private @Nullable Peer peer;
    private @Nullable Connection connection;

    public TestPeer(ObjectProvider<Peer> application) {
        this.application = application;
    }

    /** This test peer, listening on loopback (started on first use). */
    public synchronized Peer peer() {
        if (peer == null) {
            try {
                peer = Peer.create(PeerConfig.builder().address("127.0.0.1").port(0).build()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("the test peer could not listen on loopback", e);
            }
        }
        return peer;
    }

    /** The application's peer, as the test peer dials it. */
    public Peer application() {
        return application.getObject();
    }

    /** Connects to the application's peer with this peer's defaults (json, strict); reuses an open connection. */
    public Connection connect() {
        return connect(ConnectOptions.defaults());
    }

    /** Connects to the application's peer as {@code options} ask; reuses an open connection of that data type. */
    public synchronized Connection connect(ConnectOptions options) {
        Peer target = application();
        if (!target.isListening()) {
            throw new IllegalStateException("the application's peer is not listening: is the context started?");
        }
        try {
            connection = peer().connect(target.name(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("the test peer could not connect to the application's peer "
                    + target.name() + ": " + e.getMessage(), e);
        }
        return connection;
    }

    /** The connection to the application, connecting first when there is none open. */
    public synchronized Connection connection() {
        Connection c = connection;
        return c != null && c.isOpen() ? c : connect();
    }

    /** Sends a value to the application (connecting first if needed); returns once it is queued. */
    public CompletableFuture<Void> send(@Nullable Object value) {
        try {
            return connection().send(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message from the application, waiting at most {@link #DEFAULT_WAIT}. */
    public Received receive() {
        return receive(DEFAULT_WAIT);
    }

    /**
     * The next message from the application on the connection, waiting at most {@code timeout}.
     *
     * @throws AssertionError when none came in time
     */
    public Received receive(Duration timeout) {
        Connection c = connection();
        Received r = c.receive(timeout);
        if (r == null) {
            throw new AssertionError("no message from the application's peer " + c.peerName() + " within "
                    + timeout.toMillis() + " ms" + (c.isOpen() ? "" : "; the connection closed: " + c.closeReason()));
        }
        return r;
    }

    /** The next message's value read as {@code type}, waiting at most {@link #DEFAULT_WAIT}. */
    public <T> T receive(Class<T> type) {
        return receive(DEFAULT_WAIT).as(type);
    }

    /**
     * Waits until the application closes the connection, at most {@code timeout}; the reason.
     *
     * @throws AssertionError when it stayed open
     */
    public CloseReason awaitClosed(Duration timeout) {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("the test peer has not connected");
        }
        try {
            return c.pipe().endFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the connection to close", e);
        } catch (Exception e) {
            throw new AssertionError("the connection to " + c.peerName() + " is still open after "
                    + timeout.toMillis() + " ms", e);
        }
    }

    /** Stops the test peer (the context does this when it closes). */
    @Override
    public synchronized void close() {
        if (peer != null) {
            peer.stop();
            peer = null;
            connection = null;
        }
    }
}
