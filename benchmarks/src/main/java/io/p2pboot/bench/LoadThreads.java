package io.p2pboot.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * The user threads that generate a library side's load (a sender, handshake clients, a ping-pong
 * client), repeating one step each. While paused they wait on a condition rather than spin, so the
 * idle side takes no CPU from the side being measured. Created paused.
 *
 * <p>Two conditions, not one monitor: a parking thread signals only the pauser. With a single
 * {@code notifyAll} the parked threads woke each other in a storm that kept the last thread from
 * ever taking the monitor to park.
 */
public final class LoadThreads implements AutoCloseable {

    /** One unit of work: a send, a connect + close, a ping-pong. Throwing ends the thread; {@link #pause} reports it. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** A step can block (a send waiting for the socket); longer than this means something is stuck. */
    private static final Duration PAUSE_LIMIT = Duration.ofSeconds(10);

    private final List<Thread> threads = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by resume and close: the threads wait on it. */
    private final Condition opened = lock.newCondition();
    /** Signalled when a thread parks or ends: the pauser waits on it. */
    private final Condition parkedOrEnded = lock.newCondition();
    private volatile boolean open;
    private volatile boolean shut;
    private int parked; // guarded by lock
    private int alive; // guarded by lock
    private Throwable failure; // guarded by lock

    /** One thread repeating {@code step}. */
    public LoadThreads(String name, Step step) {
        this(name, 1, i -> step);
    }

    /** {@code count} threads; thread {@code i} repeats {@code steps.apply(i)}. */
    public LoadThreads(String name, int count, IntFunction<Step> steps) {
        alive = count;
        for (int i = 0; i < count; i++) {
            Step step = steps.apply(i);
            Thread t = new Thread(() -> loop(step), count == 1 ? name : name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void loop(Step step) {
        try {
            while (awaitOpen()) {
                step.run();
            }
        } catch (Throwable e) {
            lock.lock();
            try {
                if (failure == null && !shut) {
                    failure = e;
                }
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                alive--;
                parkedOrEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** True to run the next step; parks while paused; false once closed. */
    private boolean awaitOpen() throws InterruptedException {
        if (open && !shut) {
            return true; // the common case, without taking the monitor
        }
        lock.lock();
        try {
            while (!open && !shut) {
                parked++;
                parkedOrEnded.signalAll();
                try {
                    opened.await();
                } finally {
                    parked--;
                }
            }
            return !shut;
        } finally {
            lock.unlock();
        }
    }

    public void resume() {
        lock.lock();
        try {
            rethrow();
            open = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every live thread has finished its step and parked. */
    public void pause() {
        lock.lock();
        try {
            open = false;
            long left = PAUSE_LIMIT.toNanos();
            while (parked < alive) {
                if (left <= 0) {
                    throw new IllegalStateException("load threads did not pause within " + PAUSE_LIMIT);
                }
                left = parkedOrEnded.awaitNanos(left);
            }
            rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing", e);
        } finally {
            lock.unlock();
        }
    }

    private void rethrow() {
        if (failure != null) {
            throw new IllegalStateException("a load thread failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            shut = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
