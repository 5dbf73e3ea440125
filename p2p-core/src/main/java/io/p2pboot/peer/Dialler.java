package io.p2pboot.peer;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeBuilder;
import io.p2pboot.protocol.DataType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Dials another peer for {@link Peer#connect}: reads the address it is given (a host name is
 * resolved within {@code dns_timeout}), reuses a live connection to it of the data type asked for
 * (or replaces one of another type), takes a slot, opens a pipe from the address this peer's name
 * gives, and runs the initiator's side of the handshake; the connection it yields is registered
 * and announced.
 */
final class Dialler {

    private final Peer peer;
    private final PeerConfig config;
    private final ConnectionRegistry connections;
    private final PeerObserver observer;

    Dialler(Peer peer, PeerConfig config, ConnectionRegistry connections, PeerObserver observer) {
        this.peer = peer;
        this.config = config;
        this.connections = connections;
        this.observer = observer;
    }

    /**
     * Connects; the future may complete on an event loop, so only the blocking {@code connect}
     * waits on it directly (a hand-off fewer than {@link Peer#connectAsync}). The peer's observer
     * is told of it on the caller's thread, and of its end before the future completes.
     */
    CompletableFuture<Connection> dial(String address, ConnectOptions options) {
        return observed(address, options, () -> PeerAddress.resolve(address, config.pipe()));
    }

    CompletableFuture<Connection> dial(InetSocketAddress address, ConnectOptions options) {
        return observed(String.valueOf(address), options, () -> PeerAddress.resolve(address, config.pipe()));
    }

    /** Resolves, then dials; the peer's observer, when it has one, sees the attempt and how it ended. */
    private CompletableFuture<Connection> observed(String address, ConnectOptions options,
                                                   Supplier<CompletableFuture<PeerAddress>> resolved) {
        if (observer == PeerObserver.NONE) {
            return dialOnce(resolved, options); // unobserved: not a stage more
        }
        DataType type = options.dataType() != null ? options.dataType() : config.dataType();
        PeerObserver.Attempt attempt = observer.connecting(address, type);
        return dialOnce(resolved, options).whenComplete((c, error) -> {
            if (error != null) {
                attempt.failed(FutureFailures.cause(error));
            } else {
                attempt.succeeded();
            }
        });
    }

    private CompletableFuture<Connection> dialOnce(Supplier<CompletableFuture<PeerAddress>> resolved,
                                                   ConnectOptions options) {
        if (!peer.isListening()) {
            return notListening();
        }
        return resolved.get().thenCompose(target -> dial(target, options));
    }

    private CompletableFuture<Connection> dial(PeerAddress target, ConnectOptions options) {
        if (!peer.isListening()) { // again: the peer may have stopped while a name was resolved
            return notListening();
        }
        String key = target.toString();
        if (key.equals(peer.name())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a peer cannot connect to itself: " + key));
        }
        DataType type = options.dataType() != null ? options.dataType() : config.dataType();
        boolean strict = options.strict() != null ? options.strict() : config.strict();
        boolean stream = options.stream() != null ? options.stream() : config.stream();
        int size = !stream ? 0 : options.dataSize() != null ? options.dataSize() : config.streamSize();
        Connection existing = connections.named(key);
        if (existing != null && existing.isOpen()) {
            if (existing.dataType() == type) {
                return CompletableFuture.completedFuture(existing);
            }
            return existing.closeAsync().thenCompose(r -> dial(target, options));
        }
        if (!connections.reserve()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "max connections (" + config.maxConnections() + ") reached"));
        }
        long begun = System.nanoTime();
        InitiatorHandshake handshake = new InitiatorHandshake(peer, key, type, strict, stream, size);
        PipeBuilder dial = Pipe.tcp().to(target.socketAddress());
        InetAddress source = sourceFor(target.ip());
        if (source != null) {
            dial.bind(new InetSocketAddress(source, 0));
        }
        dial.config(config.pipe()).protocol(ConnectionProtocol.dialling(peer, handshake))
                .openAsync()
                .whenComplete((pipe, error) -> {
                    if (error != null) {
                        handshake.result().completeExceptionally(error);
                    } else {
                        handshake.offer();
                    }
                });
        return handshake.result().whenComplete((c, e) -> {
            if (e != null) {
                connections.released(true);
            } else {
                peer.stats().handshake(System.nanoTime() - begun);
                established(c);
            }
        });
    }

    private static CompletableFuture<Connection> notListening() {
        return CompletableFuture.failedFuture(new IllegalStateException("start the peer before connecting"));
    }

    /** A connection this peer dialled exists: register it and fire {@code connection}. */
    private void established(Connection c) {
        if (peer.register(c, false)) {
            peer.announce(c);
        }
    }

    /**
     * The address to dial from, so that the connection comes from the IP this peer's name gives
     * (the other side checks the two against each other), or {@code null} where the system's
     * choice is that IP already or binding could not reach the target: a wildcard listener, the
     * other family, a loopback name dialling out of the machine, and 127.0.0.1 dialling loopback.
     */
    private @Nullable InetAddress sourceFor(InetAddress target) {
        InetAddress own = peer.address().getAddress();
        if (own.isAnyLocalAddress() || own.getClass() != target.getClass()
                || own.isLoopbackAddress() && !target.isLoopbackAddress()) {
            return null;
        }
        boolean systemDefault = own.isLoopbackAddress()
                && (own.equals(InetAddress.getLoopbackAddress()) || own.getAddress().length == 16);
        return systemDefault ? null : own;
    }
}
