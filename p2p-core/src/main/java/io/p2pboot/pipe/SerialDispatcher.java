package io.p2pboot.pipe;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the order guarantee of a
 * pipe's (or a connection's) handlers. A task may return a stage; the next task waits for it.
 * Tasks queued together run in one executor task, so a burst costs one hand-off, not one per task.
 */
public final class SerialDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SerialDispatcher.class);

    private final Executor executor;
    private final Queue<Supplier<CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialDispatcher(Executor executor) {
        this.executor = executor;
    }

    public void execute(Runnable task) {
        submit(() -> {
            task.run();
            return null;
        });
    }

    /** Queues a task whose returned stage (if not {@code null}) must complete before the next task starts. */
    public void submit(Supplier<CompletionStage<?>> task) {
        tasks.add(task);
        schedule();
    }

    /** Nothing queued and nothing running (a moment's answer: tasks may be queued right after). */
    public boolean isIdle() {
        return !scheduled.get() && tasks.isEmpty();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        Supplier<CompletionStage<?>> task;
        while ((task = tasks.poll()) != null) {
            CompletionStage<?> pending;
            try {
                pending = task.get();
            } catch (Throwable t) {
                log.warn("handler task failed", t);
                pending = null;
            }
            if (pending != null && !pending.toCompletableFuture().isDone()) {
                pending.whenComplete((r, e) -> executor.execute(this::drain));
                return;
            }
        }
        scheduled.set(false);
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
