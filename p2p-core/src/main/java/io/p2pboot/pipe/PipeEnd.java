package io.p2pboot.pipe;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a pipe closes and ends, once: the close reason (the first one given wins), the graceful
 * close that lets queued writes out, the end (receive side, end handlers, the futures of those
 * who wait). The futures callers get are never completed on an event loop.
 */
final class PipeEnd implements ChannelFutureListener {

    private static final Logger log = LoggerFactory.getLogger(PipeEnd.class);

    private final Pipe pipe;
    /** Made with the first end handler ({@link HandlerList#in}): pipes are many, and most have none. */
    private volatile @Nullable HandlerList<EndHandler> handlers;
    // Plain volatile fields with updaters, not atomic objects: idle pipes are many.
    private volatile @Nullable CloseReason reason;
    /** {@link #NOT_ENDING}, {@link #ENDING_NOW} or {@link #ENDED}; blocking waits wait on this object for the last. */
    private volatile int ending;
    private static final int NOT_ENDING = 0;
    private static final int ENDING_NOW = 1;
    private static final int ENDED = 2;
    /** The callers' future, made on first request and never completed on the event loop. */
    private volatile @Nullable CompletableFuture<CloseReason> callers;
    private static final AtomicReferenceFieldUpdater<PipeEnd, CloseReason> REASON =
            AtomicReferenceFieldUpdater.newUpdater(PipeEnd.class, CloseReason.class, "reason");
    private static final AtomicIntegerFieldUpdater<PipeEnd> ENDING =
            AtomicIntegerFieldUpdater.newUpdater(PipeEnd.class, "ending");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<PipeEnd, HandlerList> HANDLERS =
            AtomicReferenceFieldUpdater.newUpdater(PipeEnd.class, HandlerList.class, "handlers");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<PipeEnd, CompletableFuture> CALLERS =
            AtomicReferenceFieldUpdater.newUpdater(PipeEnd.class, CompletableFuture.class, "callers");

    PipeEnd(Pipe pipe) {
        this.pipe = pipe;
    }

    /** Records why the pipe closes (the first reason wins) and closes it, after queued writes when given a limit. */
    void close(CloseReason why, @Nullable Duration drainLimit) {
        because(why);
        Channel channel = pipe.channel;
        if (!channel.isOpen()) {
            return;
        }
        if (drainLimit != null && channel.isActive()) {
            channel.eventLoop().execute(() -> drainAndClose(drainLimit));
        } else {
            channel.close();
        }
    }

    /** On the event loop: writes what is queued, then closes once it is out, or when the limit passes. */
    private void drainAndClose(Duration drainLimit) {
        Channel channel = pipe.channel;
        pipe.writer.drain();
        // Writes complete in order: once this empty one is done, everything before it is out.
        ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
        if (flushed.isDone()) {
            // The socket took everything at once (the usual case): no timer to arm and cancel.
            channel.close();
            return;
        }
        ScheduledFuture<?> limit = channel.eventLoop()
                .schedule(() -> channel.close(), drainLimit.toMillis(), TimeUnit.MILLISECONDS);
        flushed.addListener(f -> {
            limit.cancel(false); // not left in the timer queue for the whole limit
            channel.close();
        });
    }

    /**
     * Decides the close reason one event-loop turn after the channel closed. A handler may close
     * the channel before it passes on the error that made it do so (the TLS handler does, for an
     * alert from the peer); waiting a turn lets that error name the reason instead of "remote".
     */
    /**
     * The channel's one close listener, for the pipe and for its server: a second listener would
     * make Netty keep a listener array on every idle channel.
     */
    @Override
    public void operationComplete(ChannelFuture closed) {
        channelClosed();
        if (pipe.parent != null) {
            pipe.parent.clientClosed(pipe);
        }
    }

    private void channelClosed() {
        try {
            pipe.channel.eventLoop().execute(this::closedWithoutKnownReason);
        } catch (RejectedExecutionException loopGone) {
            closedWithoutKnownReason();
        }
    }

    /**
     * Ends the pipe where it costs least: on the event loop when nothing is queued for the handler
     * executor and nothing at the end runs user code, else after what is queued there.
     */
    private void closedWithoutKnownReason() {
        because(CloseReason.remote());
        boolean quiet = pipe.channel.eventLoop().inEventLoop() && pipe.dispatcher.isIdle() && HandlerList.orNone(handlers).isEmpty()
                && pipe.receivingEndsOnEventLoop();
        if (quiet) {
            end(true);
        } else {
            pipe.dispatcher.execute(() -> end(false));
        }
    }

    /** Records why the pipe closes, unless a reason was given before; answers whether this one counts. */
    boolean because(CloseReason why) {
        return REASON.compareAndSet(this, null, why);
    }

    boolean isEnding() {
        return ending != NOT_ENDING;
    }

    /** Runs once when the pipe ends; added after that, it runs at once on the handler executor. */
    void add(EndHandler h) {
        HandlerList<EndHandler> handlers = HandlerList.in(this, HANDLERS);
        handlers.add(h);
        if (ending != NOT_ENDING) {
            CloseReason why = reason;
            pipe.dispatcher.execute(() -> {
                if (handlers.remove(h)) {
                    run(h, why);
                }
            });
        }
    }

    boolean remove(EndHandler h) {
        return HandlerList.orNone(handlers).remove(h);
    }

    /**
     * Ends the pipe: its receive side first (every delivery handed on before has run), then the
     * end handlers, then the waiting futures. On the event loop only when the caller found that
     * nothing runs user code; a handler added meanwhile moves the rest to the handler executor.
     */
    private void end(boolean onLoop) {
        if (!ENDING.compareAndSet(this, NOT_ENDING, ENDING_NOW)) {
            return;
        }
        CloseReason why = reason;
        pipe.endReceiving(why);
        finish(why, onLoop);
    }

    private void finish(CloseReason why, boolean onLoop) {
        HandlerList<EndHandler> handlers = HandlerList.orNone(this.handlers);
        for (EndHandler h : handlers) {
            if (onLoop) {
                pipe.dispatcher.execute(() -> finish(why, false));
                return;
            }
            if (handlers.remove(h)) {
                run(h, why);
            }
        }
        synchronized (this) {
            ending = ENDED;
            notifyAll();
        }
        CompletableFuture<CloseReason> waiting = CALLERS.compareAndSet(this, null, CompletableFuture.completedFuture(why))
                ? null : callers;
        if (waiting != null) {
            if (onLoop) {
                pipe.dispatcher.execute(() -> waiting.complete(why));
            } else {
                waiting.complete(why);
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("{} closed: {}", pipe, why);
        }
    }

    private void run(EndHandler h, @Nullable CloseReason why) {
        try {
            h.onEnd(pipe, why);
        } catch (Exception e) {
            log.warn("end handler of {} failed", pipe, e);
        }
    }

    /** Why the pipe closed, or {@code null} while it has not ended. */
    @Nullable CloseReason reason() {
        return ending == ENDED ? reason : null;
    }

    /** The reason given so far, ended or not. */
    @Nullable CloseReason given() {
        return reason;
    }

    boolean hasEnded() {
        return ending == ENDED;
    }

    CompletableFuture<CloseReason> future() {
        CompletableFuture<CloseReason> f = callers;
        if (f == null) {
            CompletableFuture<CloseReason> made = new CompletableFuture<>();
            f = CALLERS.compareAndSet(this, null, made) ? made : callers;
        }
        return f;
    }

    @Nullable CloseReason await(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (ending != ENDED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return reason;
    }
}
