package io.p2pboot.discovery;

import io.p2pboot.pipe.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One probe in flight: the names heard so far and the clock that ends it, either a quiet period
 * after the last answer (or after the PING, when none came) or the window's end, whichever is
 * first. When it ends it closes its pipes and completes its result. It keeps at most
 * {@code maxNew} names that are not already known; later new names are only counted, so a flood
 * of forged PONGs cannot grow it, nor crowd out the known peers that answer after the flood.
 */
final class ProbeRound {

    private final long quietNanos;
    private final long windowNanos;
    private final String ownName;
    private final Executor executor;
    private final int maxNew;
    private final Predicate<String> known;
    private final Runnable onIgnored;
    private final Set<String> names = new LinkedHashSet<>();
    private final List<Pipe> pipes = new ArrayList<>();
    private final CompletableFuture<List<String>> result = new CompletableFuture<>();
    private long startNanos;
    private long lastAnswerNanos;
    private int newNames;
    private boolean done;

    /**
     * @param maxNew the most names kept that {@code known} does not know
     * @param known the names always kept (the peers already tracked)
     * @param onIgnored told of each name heard but not kept
     */
    ProbeRound(Duration quiet, Duration window, String ownName, Executor executor,
               int maxNew, Predicate<String> known, Runnable onIgnored) {
        this.quietNanos = quiet.toNanos();
        this.windowNanos = window.toNanos();
        this.ownName = ownName;
        this.executor = executor;
        this.maxNew = maxNew;
        this.known = known;
        this.onIgnored = onIgnored;
    }

    CompletableFuture<List<String>> result() {
        return result;
    }

    synchronized void add(Pipe pipe) {
        if (done) {
            pipe.closeAsync();
        } else {
            pipes.add(pipe);
        }
    }

    synchronized int pipeCount() {
        return pipes.size();
    }

    /** The PINGs are out: the clocks start. */
    synchronized void start() {
        startNanos = System.nanoTime();
        lastAnswerNanos = startNanos;
        schedule(quietNanos);
    }

    synchronized void answered(String name) {
        if (done) {
            return;
        }
        lastAnswerNanos = System.nanoTime();
        if (name.equals(ownName) || names.contains(name)) {
            return;
        }
        if (known.test(name)) {
            names.add(name);
        } else if (newNames < maxNew) {
            newNames++;
            names.add(name);
        } else {
            onIgnored.run();
        }
    }

    void fail(Throwable cause) {
        closePipes();
        result.completeExceptionally(cause);
    }

    private void schedule(long delayNanos) {
        Executor later = CompletableFuture.delayedExecutor(Math.max(delayNanos, 0), TimeUnit.NANOSECONDS, executor);
        later.execute(this::check);
    }

    private void check() {
        List<String> found;
        synchronized (this) {
            long now = System.nanoTime();
            long quietEnds = lastAnswerNanos + quietNanos;
            long windowEnds = startNanos + windowNanos;
            if (now - quietEnds < 0 && now - windowEnds < 0) {
                schedule(Math.min(quietEnds, windowEnds) - now);
                return;
            }
            done = true;
            found = List.copyOf(names);
        }
        closePipes();
        result.complete(found);
    }

    private void closePipes() {
        List<Pipe> toClose;
        synchronized (this) {
            done = true;
            toClose = new ArrayList<>(pipes);
            pipes.clear();
        }
        for (Pipe p : toClose) {
            p.closeAsync();
        }
    }
}
