package io.p2pboot.peer;

import io.netty.channel.ChannelHandlerContext;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.ProtocolException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An established connection's keep-alive: a PING after {@link PeerConfig#keepAlive()} without a
 * write, and a close after {@link PeerConfig#deadAfter()} without a read, checked by the
 * {@link KeepAliveSweep} of its event loop. Netty's idle-state handler took two timers, a handler
 * and its context, and a listener on every write: about 350 bytes of each idle connection's heap,
 * against 56 here (this object in its sweep's list). On the event loop only.
 */
final class KeepAlive {

    private final Connection connection;
    private final ChannelHandlerContext ctx;
    private long lastRead;
    private long lastWrite;
    /** Not before this is silence checked again: once a silent stream showed life by sending, a whole dead-after later. */
    private long nextDeadCheck;
    /** The sweep's list, kept by the sweep. */
    @Nullable KeepAlive prev;
    @Nullable KeepAlive next;
    boolean listed;

    private KeepAlive(Connection connection, ChannelHandlerContext ctx) {
        this.connection = connection;
        this.ctx = ctx;
        long now = now();
        this.lastRead = now;
        this.lastWrite = now;
        this.nextDeadCheck = now + deadNanos();
    }

    /** Lists a connection whose handler was just added with its sweep; {@code null} when the peer wants neither. */
    static @Nullable KeepAlive start(Connection connection, ChannelHandlerContext ctx) {
        PeerConfig config = connection.peer().config();
        long keepAlive = config.keepAlive().toNanos();
        long dead = config.deadAfter().toNanos();
        if ((connection.stream() || keepAlive == 0) && dead == 0) {
            return null;
        }
        // the sweep's floor, from the peer's settings: the same for all of its connections
        long shortest = keepAlive == 0 ? dead : dead == 0 ? keepAlive : Math.min(keepAlive, dead);
        KeepAlive k = new KeepAlive(connection, ctx);
        KeepAliveSweep.on(ctx.executor(), shortest / 8, connection.peer().keepAliveSweeps()).add(k, k.due());
        return k;
    }

    // The settings are read from the peer's configuration each time rather than kept: fields cost every idle connection.

    /** Zero for never; a stream never pings (a PING would be read as payload). */
    private long keepAliveNanos() {
        return connection.stream() ? 0 : connection.peer().config().keepAlive().toNanos();
    }

    private long deadNanos() {
        return connection.peer().config().deadAfter().toNanos();
    }

    /** The event loop's clock: a test's embedded channel moves it by hand. */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    /** Bytes arrived. */
    void read() {
        lastRead = now();
    }

    /** Bytes were handed to the socket. */
    void wrote() {
        lastWrite = now();
    }

    /** Takes this connection off its sweep's list (once: later calls do nothing). */
    void stop() {
        KeepAliveSweep sweep = listed ? connection.peer().keepAliveSweeps().get(ctx.executor()) : null;
        if (sweep != null) {
            sweep.remove(this);
        }
    }

    /** Pings or closes when due at {@code now}; answers when this connection is due next. */
    long check(long now) {
        if (!ctx.channel().isActive()) {
            stop();
            return Long.MAX_VALUE;
        }
        long keepAliveNanos = keepAliveNanos();
        long deadNanos = deadNanos();
        if (keepAliveNanos > 0 && now - lastWrite >= keepAliveNanos) {
            try {
                ctx.writeAndFlush(Frames.header(ctx.alloc(), Header.ping(connection.peer().name())));
            } catch (ProtocolException e) {
                // a name too long for a header: the handshake, which carries it too, could not have passed
                stop();
                connection.closeFor(new CloseReason(CloseReason.Kind.LOCAL, e.getMessage(), e));
                return Long.MAX_VALUE;
            }
            lastWrite = now;
        }
        if (deadNanos > 0 && now - lastRead >= deadNanos && now - nextDeadCheck >= 0) {
            if (!connection.aliveThoughSilent()) {
                stop();
                connection.closeFor(new CloseReason(CloseReason.Kind.TIMEOUT, "nothing received from "
                        + connection.peerName() + " for " + TimeUnit.NANOSECONDS.toMillis(deadNanos)
                        + " ms: the peer is gone", null));
                return Long.MAX_VALUE;
            }
            nextDeadCheck = now + deadNanos;
        }
        return due();
    }

    /** When this connection is next due for a PING or a silence check. */
    private long due() {
        long keepAliveNanos = keepAliveNanos();
        long deadNanos = deadNanos();
        long next = Long.MAX_VALUE;
        if (keepAliveNanos > 0) {
            next = lastWrite + keepAliveNanos;
        }
        if (deadNanos > 0) {
            next = Math.min(next, Math.max(nextDeadCheck, lastRead + deadNanos));
        }
        return next;
    }
}
