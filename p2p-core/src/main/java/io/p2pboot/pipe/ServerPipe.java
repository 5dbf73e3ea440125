package io.p2pboot.pipe;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.netty.buffer.ByteBuf;

/**
 * A TCP server: hands out one {@link Pipe} per accepted client. Its message and up handlers
 * and subscriptions apply to every client (the {@code pipe} argument of a handler is the client's
 * pipe); closing the server closes all of its clients.
 */
public final class ServerPipe extends Pipe {

    private final Map<InetSocketAddress, Pipe> clients = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pipe> accepted = new LinkedBlockingQueue<>();
    /**
     * Whether accepted clients are queued for {@link #accept}: from the start, unless the server
     * carries a protocol (which takes every client over); then from
     * the first call of {@code accept} on.
     */
    private volatile boolean queueing;

    ServerPipe(PipeConfig config, Channel serverChannel, boolean subscribeAll, boolean carriesProtocol) {
        super(Protocol.TCP, config, serverChannel, null, subscribeAll, carriesProtocol);
        this.queueing = !carriesProtocol;
        serverChannel.closeFuture().addListener(f -> {
            for (Pipe client : clients.values()) {
                client.closeWith(CloseReason.local(), null);
            }
        });
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    /** The clients connected now. */
    public List<Pipe> clients() {
        return List.copyOf(clients.values());
    }

    /**
     * The next client accepted since the last call, waiting at most {@code timeout}; {@code null}
     * if none. On a server that {@linkplain PipeBuilder#protocol carries a protocol}, clients
     * are queued from the first call on.
     */
    public Pipe accept(Duration timeout) throws InterruptedException {
        queueing = true;
        return accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Non-blocking twin of {@link #accept(Duration)}. */
    public CompletableFuture<Pipe> acceptAsync(Duration timeout) {
        queueing = true;
        return CompletableFuture.supplyAsync(() -> {
            try {
                return accept(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, config.executor());
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "a server pipe sends to one client: use send(message, client address)"));
    }

    @Override
    public CompletableFuture<Void> send(ByteBuf buffer) {
        buffer.release();
        return CompletableFuture.failedFuture(new IllegalStateException(
                "a server pipe sends to one client: use the client's pipe"));
    }

    @Override
    public CompletableFuture<Void> send(byte[] message, InetSocketAddress to) {
        Pipe client = clients.get(to);
        if (client == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no client " + to + " on " + this));
        }
        return client.send(message);
    }

    void clientAccepted(Pipe client) {
        clients.put(client.remoteAddress(), client);
        if (queueing) {
            accepted.add(client);
        }
        if (!client.isOpen()) {
            clientClosed(client); // it closed before it was listed: its close listener found nothing to remove
        }
        if (!channel.isOpen()) {
            client.closeWith(CloseReason.local(), null);
        }
    }

    /** Called by the client's close listener ({@link PipeEnd}). */
    void clientClosed(Pipe client) {
        clients.remove(client.remoteAddress(), client);
        if (queueing) {
            accepted.remove(client);
        }
    }

    @Override
    public String toString() {
        return "TCP server pipe " + channel.localAddress();
    }
}
