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
 */
final class Inbox {

    private final ArrayDeque<Received> messages = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Received>> waiters = new ArrayDeque<>();
    private final Consumer<Received> onTaken;
    private boolean closed;

    Inbox(Consumer<Received> onTaken) {
        this.onTaken = onTaken;
    }

    void add(Received r) {
        while (true) {
            CompletableFuture<Received> w;
            synchronized (this) {
                w = waiters.poll();
                if (w == null) {
                    messages.add(r);
                    return;
                }
            }
            if (w.complete(r)) {
                onTaken.accept(r);
                return;
            }
        }
    }

    CompletableFuture<Received> take(Duration timeout) {
        CompletableFuture<Received> f;
        synchronized (this) {
            Received r = messages.poll();
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
                r = messages.poll();
            }
            if (r == null) {
                return;
            }
            onTaken.accept(r);
            handler.accept(r);
        }
    }

    void close() {
        CompletableFuture<?>[] pending;
        synchronized (this) {
            closed = true;
            pending = waiters.toArray(new CompletableFuture<?>[0]);
            waiters.clear();
        }
        for (CompletableFuture<?> w : pending) {
            w.complete(null);
        }
    }
}
