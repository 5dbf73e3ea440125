package io.p2pboot.pipe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one receive queue of this library: what a pipe's subscription or a peer's connection keeps
 * for {@code recv}/{@code receive} until a reader takes it.
 *
 * <p>Blocked readers are woken directly, even from the event loop (waking a thread runs no user
 * code). Before blocking, a reader spins for up to {@link Spin#NANOS} when the item the previous
 * take waited for came within about that time (measured at its arrival): in a request and reply
 * exchange the reply comes that soon, and waking a parked thread costs more than the spin. When
 * items come further apart, readers do not spin. {@link #takeAsync Asynchronous} readers get a
 * future that is never completed on an event loop, since completing it runs the caller's code.
 *
 * <p>With a capacity, a full queue drops its oldest item and counts it (a pipe's
 * {@code max_qsize}); without one, the producer bounds it (a connection's read budget: while
 * items wait here the connection reads less).
 *
 * @param <T> what is queued
 */
public final class RecvQueue<T> {

    // Made with the first item and the first asynchronous reader: idle connections are many.
    private @Nullable ArrayDeque<T> items;
    private @Nullable ArrayDeque<CompletableFuture<@Nullable T>> waiters;
    private final int capacity;
    private final Consumer<T> onTaken;
    /** Written under the lock; a field, not an atomic object: queues are many. */
    private volatile long dropped;
    /** The number of items, readable without the lock: what a spinning reader watches. */
    private volatile int count;
    /** Whether the last take waited briefly enough for a spin to pay; racy by design, a hint. */
    private boolean spin = true;
    /** When the last item was added ({@link System#nanoTime()}). */
    private volatile long lastArrival;
    private volatile boolean closed;

    /**
     * @param capacity the most items kept (the oldest is dropped past it); 0 for no bound
     * @param onTaken told of every item a reader takes (or that is dropped), on the taker's thread
     */
    public RecvQueue(int capacity, Consumer<T> onTaken) {
        this.capacity = capacity;
        this.onTaken = onTaken;
    }

    /** Adds an item from a thread where completing a waiting future may run the waiter's code. */
    public void add(T item) {
        while (true) {
            CompletableFuture<@Nullable T> w;
            synchronized (this) {
                w = waiters == null ? null : waiters.poll();
                if (w == null) {
                    enqueue(item);
                    return;
                }
            }
            if (w.complete(item)) {
                onTaken.accept(item);
                return;
            }
        }
    }

    /**
     * Adds an item from the event loop, unless an asynchronous reader waits (its future must be
     * completed elsewhere): answers whether it was added.
     */
    public boolean addFromEventLoop(T item) {
        synchronized (this) {
            if (waiters != null && !waiters.isEmpty()) {
                return false;
            }
            enqueue(item);
            return true;
        }
    }

    /** With the lock held: queues, drops the oldest when full, and wakes one blocked reader. */
    private void enqueue(T item) {
        ArrayDeque<T> items = this.items;
        if (items == null) {
            this.items = items = new ArrayDeque<>(2);
        }
        T oldest = null;
        if (capacity > 0 && items.size() >= capacity) {
            oldest = items.poll();
            dropped++; // only under the lock: no lost increments
        }
        items.add(item);
        lastArrival = System.nanoTime();
        count = items.size();
        notify();
        if (oldest != null) {
            onTaken.accept(oldest);
        }
    }

    /** The next item, waiting at most {@code timeout}; {@code null} when none came or the queue closed. */
    public @Nullable T take(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (spin) {
            Spin.until(() -> count != 0 || closed, Math.min(Spin.NANOS, timeout.toNanos()));
        }
        T item;
        boolean waited = false;
        synchronized (this) {
            while ((item = poll()) == null) {
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
        spin = !waited || lastArrival - start <= 2 * Spin.NANOS;
        onTaken.accept(item);
        return item;
    }

    /** Non-blocking twin of {@link #take}: the future completes with {@code null} when the timeout passes first. */
    public CompletableFuture<@Nullable T> takeAsync(Duration timeout) {
        CompletableFuture<@Nullable T> f;
        synchronized (this) {
            T item = poll();
            if (item != null) {
                onTaken.accept(item);
                return CompletableFuture.completedFuture(item);
            }
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            f = new CompletableFuture<>();
            if (waiters == null) {
                waiters = new ArrayDeque<>(2);
            }
            waiters.add(f);
        }
        f.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((r, e) -> {
            synchronized (this) {
                if (waiters != null) {
                    waiters.remove(f);
                }
            }
        });
        return f;
    }

    /** Hands every waiting item to {@code handler} (one added after items had queued). */
    public void drainTo(Consumer<T> handler) {
        while (true) {
            T item;
            synchronized (this) {
                item = poll();
            }
            if (item == null) {
                return;
            }
            onTaken.accept(item);
            handler.accept(item);
        }
    }

    /** With the lock held: the first item, or {@code null}. */
    private @Nullable T poll() {
        ArrayDeque<T> items = this.items;
        if (items == null) {
            return null;
        }
        T item = items.poll();
        count = items.size();
        return item;
    }

    /** Whether an asynchronous reader waits: completing its future runs the caller's code. */
    public synchronized boolean hasAsyncWaiters() {
        return waiters != null && !waiters.isEmpty();
    }

    /**
     * Ends the queue: blocked readers wake at once, asynchronous ones get {@code null} through
     * {@code completer}; what is left stays takeable, then takes answer {@code null} at once.
     */
    public void close(Executor completer) {
        CompletableFuture<?>[] pending;
        synchronized (this) {
            closed = true;
            notifyAll();
            pending = waiters == null ? new CompletableFuture<?>[0] : waiters.toArray(new CompletableFuture<?>[0]);
            waiters = null;
        }
        if (pending.length > 0) {
            completer.execute(() -> {
                for (CompletableFuture<?> w : pending) {
                    w.complete(null);
                }
            });
        }
    }

    /** Items waiting to be taken. */
    public int size() {
        return count;
    }

    /** Items dropped because the queue was full. */
    public long dropped() {
        return dropped;
    }
}
