package io.p2pboot.peer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Messages of a connection that has no data handler, kept for {@code receive}. Bounded not by
 * count but by the connection's read budget: while messages wait here the connection reads less,
 * so nothing is dropped and memory stays bounded.
 *
 * <p>Threads blocked in {@link #take(Duration)} are woken directly, even from the event loop
 * (waking a thread runs no user code). Before blocking, a taker spins for up to
 * {@link Spin#NANOS} when the message the previous take waited for arrived within about that
 * time (measured at its arrival, not when the taker woke up): in a request and reply exchange
 * the reply comes that soon, and waking a parked thread costs more than the spin (tens of
 * microseconds on small virtual machines, to bring an idle CPU back). When messages come
 * further apart, takers do not spin at all. {@link #takeAsync(Duration) Asynchronous} takers get a
 * future, which is only ever completed from the handler executor, since completing it runs the
 * caller's callbacks.
 */
final class Inbox {

    private final ArrayDeque<Received> messages = new ArrayDeque<>();
    /** The number of messages, readable without the lock: what a spinning taker watches. */
    private volatile int count;
    /** Whether the last take waited briefly enough for a spin to pay; racy by design, a hint. */
    private boolean spin = true;
    /** When the last message was added ({@link System#nanoTime()}). */
    private volatile long lastArrival;
    private final ArrayDeque<CompletableFuture<Received>> waiters = new ArrayDeque<>();
    private final Consumer<Received> onTaken;
    private volatile boolean closed;

    Inbox(Consumer<Received> onTaken) {
        this.onTaken = onTaken;
    }

    /** Adds a message; from the handler executor, where completing a waiting future is allowed. */
    void add(Received r) {
        while (true) {
            CompletableFuture<Received> w;
            synchronized (this) {
                w = waiters.poll();
                if (w == null) {
                    enqueue(r);
                    return;
                }
            }
            if (w.complete(r)) {
                onTaken.accept(r);
                return;
            }
        }
    }

    /**
     * Adds a message from the event loop, unless an asynchronous taker waits (its future must
     * be completed elsewhere): answers whether it was added.
     */
    boolean addFromEventLoop(Received r) {
        synchronized (this) {
            if (!waiters.isEmpty()) {
                return false;
            }
            enqueue(r);
            return true;
        }
    }

    /** Queues a message for {@code take} and wakes one blocked taker; with the lock held. */
    private void enqueue(Received r) {
        messages.add(r);
        lastArrival = System.nanoTime();
        count = messages.size();
        notify();
    }

    /** The next message, waiting at most {@code timeout}; {@code null} when none came or the inbox closed. */
    Received take(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (spin) {
            Spin.until(() -> count != 0 || closed, Math.min(Spin.NANOS, timeout.toNanos()));
        }
        Received r;
        boolean waited = false;
        synchronized (this) {
            while ((r = poll()) == null) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (closed || left <= 0) {
                    spin = now - start <= 2 * Spin.NANOS;
                    return null;
                }
                waited = true;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        if (waited) {
            spin = lastArrival - start <= 2 * Spin.NANOS;
        } else {
            spin = true; // there already, or came while spinning
        }
        onTaken.accept(r);
        return r;
    }

    CompletableFuture<Received> takeAsync(Duration timeout) {
        CompletableFuture<Received> f;
        synchronized (this) {
            Received r = poll();
            if (r != null) {
                onTaken.accept(r);
                return CompletableFuture.completedFuture(r);
            }
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            f = new CompletableFuture<>();
            waiters.add(f);
        }
        f.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((r, e) -> {
            synchronized (this) {
                waiters.remove(f);
            }
        });
        return f;
    }

    /** Hands everything waiting to a handler that was added late. */
    void drainTo(Consumer<Received> handler) {
        Received r;
        while (true) {
            synchronized (this) {
                r = poll();
            }
            if (r == null) {
                return;
            }
            onTaken.accept(r);
            handler.accept(r);
        }
    }

    /** Takes the first message; with the lock held. */
    private Received poll() {
        Received r = messages.poll();
        count = messages.size();
        return r;
    }

    /** Whether a {@code takeAsync} future is waiting: completing it runs the caller's code. */
    synchronized boolean hasAsyncWaiters() {
        return !waiters.isEmpty();
    }

    /** Wakes blocked takers at once; async waiters are completed (with {@code null}) through {@code completer}. */
    void close(java.util.concurrent.Executor completer) {
        CompletableFuture<?>[] pending;
        synchronized (this) {
            closed = true;
            notifyAll();
            pending = waiters.toArray(new CompletableFuture<?>[0]);
            waiters.clear();
        }
        if (pending.length > 0) {
            completer.execute(() -> {
                for (CompletableFuture<?> w : pending) {
                    w.complete(null);
                }
            });
        }
    }
}
