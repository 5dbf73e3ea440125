package io.p2pboot.peer;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one keep-alive timer of a peer's connections on one event loop: it wakes when the first
 * of them is due (a PING to write, a silence to check), checks all of them, and sets itself for
 * the next one due, but not sooner than {@link #floorNanos} after it last ran. A timer per
 * connection cost each idle connection 64 bytes of scheduled task; a pass over the list costs a
 * few nanoseconds per connection. With few connections every check runs when it is due; with
 * many, their checks are batched, none more than the floor (an eighth of the shortest interval)
 * late. On the event loop only.
 */
final class KeepAliveSweep implements Runnable {

    private final EventExecutor loop;
    private final long floorNanos;
    /** The peer's sweeps by event loop: this one leaves it when its last connection does. */
    private final Map<EventExecutor, KeepAliveSweep> sweeps;
    private @Nullable KeepAlive first;
    private @Nullable ScheduledFuture<?> timer;
    /** When {@link #timer} is set to fire. */
    private long timerDue;
    /** When the last run was set for. */
    private long lastRun;

    private KeepAliveSweep(EventExecutor loop, long floorNanos, Map<EventExecutor, KeepAliveSweep> sweeps) {
        this.loop = loop;
        this.floorNanos = floorNanos;
        this.sweeps = sweeps;
        this.lastRun = now() - floorNanos;
    }

    /** The sweep of {@code loop} in {@code sweeps}, made when there is none; on that loop. */
    static KeepAliveSweep on(EventExecutor loop, long floorNanos, Map<EventExecutor, KeepAliveSweep> sweeps) {
        return sweeps.computeIfAbsent(loop, l -> new KeepAliveSweep(l, floorNanos, sweeps));
    }

    /** The loop's clock: a test's embedded channel moves it by hand. */
    long now() {
        return loop.ticker().nanoTime();
    }

    /** Lists a connection's keep-alive, first due at {@code due}. */
    void add(KeepAlive k, long due) {
        k.next = first;
        if (first != null) {
            first.prev = k;
        }
        first = k;
        k.listed = true;
        if (timer == null || due - timerDue < 0) {
            setTimer(due, now());
        }
    }

    /** Takes a connection's keep-alive off the list (again: no effect). */
    void remove(KeepAlive k) {
        if (!k.listed) {
            return;
        }
        k.listed = false;
        if (k.prev != null) {
            k.prev.next = k.next;
        } else {
            first = k.next;
        }
        if (k.next != null) {
            k.next.prev = k.prev;
        }
        k.prev = null;
        k.next = null;
        if (first == null) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            sweeps.remove(loop, this);
        }
    }

    @Override
    public void run() {
        timer = null;
        long now = now();
        lastRun = timerDue; // the floor spaces the times the sweep was set for: a late run does not push the next one later
        long next = Long.MAX_VALUE;
        for (KeepAlive k = first; k != null; ) {
            KeepAlive after = k.next; // checking may close k's connection, which takes it off the list
            long due = k.check(now);
            if (k.listed) {
                next = Math.min(next, due);
            }
            k = after;
        }
        if (first != null && next != Long.MAX_VALUE) {
            setTimer(next, now);
        }
    }

    private void setTimer(long due, long now) {
        if (timer != null) {
            timer.cancel(false);
        }
        long at = Math.max(due, lastRun + floorNanos);
        timerDue = at;
        timer = loop.schedule(this, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }
}
