package io.p2pboot.peer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.ProtocolException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An established connection's keep-alive: a PING after {@link PeerConfig#keepAlive()} without a
 * write, and a close after {@link PeerConfig#deadAfter()} without a read, on one timer per
 * connection that is set for whichever comes first. Netty's idle-state handler took two timers,
 * a handler and its context, and a listener on every write: about 350 bytes of each idle
 * connection's heap, against about 110 here (this object and its timer). On the event loop only.
 */
final class KeepAlive implements Runnable {

    private final Connection connection;
    private final ChannelHandlerContext ctx;
    private long lastRead;
    private long lastWrite;
    /** Not before this is silence checked again: once a silent stream showed life by sending, a whole dead-after later. */
    private long nextDeadCheck;
    private @Nullable ScheduledFuture<?> timer;

    private KeepAlive(Connection connection, ChannelHandlerContext ctx) {
        this.connection = connection;
        this.ctx = ctx;
        long now = now();
        this.lastRead = now;
        this.lastWrite = now;
        this.nextDeadCheck = now + deadNanos();
    }

    /** Starts the timer of a connection whose handler was just added; {@code null} when the peer wants neither. */
    static @Nullable KeepAlive start(Connection connection, ChannelHandlerContext ctx) {
        PeerConfig config = connection.peer().config();
        if ((connection.stream() || config.keepAlive().isZero()) && config.deadAfter().isZero()) {
            return null;
        }
        KeepAlive k = new KeepAlive(connection, ctx);
        k.schedule(k.lastRead);
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

    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void run() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = now();
        long keepAliveNanos = keepAliveNanos();
        long deadNanos = deadNanos();
        if (keepAliveNanos > 0 && now - lastWrite >= keepAliveNanos) {
            try {
                ctx.writeAndFlush(Frames.header(ctx.alloc(), Header.ping(connection.peer().name())));
            } catch (ProtocolException e) {
                // a name too long for a header: the handshake, which carries it too, could not have passed
                connection.closeFor(new CloseReason(CloseReason.Kind.LOCAL, e.getMessage(), e));
                return;
            }
            lastWrite = now;
        }
        if (deadNanos > 0 && now - lastRead >= deadNanos && now - nextDeadCheck >= 0) {
            if (!connection.aliveThoughSilent()) {
                connection.closeFor(new CloseReason(CloseReason.Kind.TIMEOUT, "nothing received from "
                        + connection.peerName() + " for " + TimeUnit.NANOSECONDS.toMillis(deadNanos)
                        + " ms: the peer is gone", null));
                return;
            }
            nextDeadCheck = now + deadNanos;
        }
        schedule(now);
    }

    private void schedule(long now) {
        long keepAliveNanos = keepAliveNanos();
        long deadNanos = deadNanos();
        long next = Long.MAX_VALUE;
        if (keepAliveNanos > 0) {
            next = lastWrite + keepAliveNanos;
        }
        if (deadNanos > 0) {
            next = Math.min(next, Math.max(nextDeadCheck, lastRead + deadNanos));
        }
        timer = ctx.executor().schedule(this, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }
}
