package io.p2pboot.pipe;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the order guarantee of a
 * pipe's (or a connection's) handlers. A task may return a stage; the next task waits for it.
 * Tasks queued together run in one executor task, so a burst costs one hand-off, not one per task.
 *
 * <p>An executor that refuses work (typically one its owner shut down while pipes or peers using
 * it were still open) does not lose the tasks: they run, still in order, on a fallback thread,
 * and the refusal is logged once. Otherwise the end of every such pipe, and whoever waits for it,
 * would hang, and the event loop would log the refusal as a failed task.
 */
public final class SerialDispatcher implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialDispatcher.class);

    private final Executor executor;
    /** Made with the first task: most idle connections never dispatch one. */
    private volatile @Nullable Queue<Supplier<CompletionStage<?>>> tasks;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<SerialDispatcher, Queue> TASKS =
            AtomicReferenceFieldUpdater.newUpdater(SerialDispatcher.class, Queue.class, "tasks");
    /** 1 while a drain is scheduled; a field with an updater, not an object: pipes are many. */
    private volatile int scheduled;
    private static final AtomicIntegerFieldUpdater<SerialDispatcher> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(SerialDispatcher.class, "scheduled");

    public SerialDispatcher(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        submit(() -> {
            task.run();
            return null;
        });
    }

    /** Queues a task whose returned stage (if not {@code null}) must complete before the next task starts. */
    public void submit(Supplier<CompletionStage<?>> task) {
        tasks().add(task);
        schedule();
    }

    private Queue<Supplier<CompletionStage<?>>> tasks() {
        Queue<Supplier<CompletionStage<?>>> queue = tasks;
        if (queue == null) {
            TASKS.compareAndSet(this, null, new ConcurrentLinkedQueue<>());
            queue = tasks;
        }
        return queue;
    }

    /** Nothing queued and nothing running (a moment's answer: tasks may be queued right after). */
    public boolean isIdle() {
        Queue<?> queue = tasks;
        return scheduled == 0 && (queue == null || queue.isEmpty());
    }

    private void schedule() {
        if (SCHEDULED.compareAndSet(this, 0, 1)) {
            run(this::drain);
        }
    }

    private void run(Runnable drain) {
        try {
            executor.execute(drain);
        } catch (RejectedExecutionException refused) {
            if (Fallback.warned.compareAndSet(false, true)) {
                log.warn("the handler executor {} refused a task ({}); handlers it refuses run on the "
                        + "'p2p-refused-handlers' thread instead. Shut an executor down only after the pipes "
                        + "and peers that use it have stopped", executor, refused.toString());
            }
            Fallback.EXECUTOR.execute(drain);
        }
    }

    /** Where refused drains run: made on first use, one daemon thread that ends when idle. */
    private static final class Fallback {
        static final AtomicBoolean warned = new AtomicBoolean();
        static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "p2p-refused-handlers");
                    t.setDaemon(true);
                    return t;
                });
    }

    private void drain() {
        Queue<Supplier<CompletionStage<?>>> queue = tasks();
        Supplier<CompletionStage<?>> task;
        while ((task = queue.poll()) != null) {
            CompletionStage<?> pending;
            try {
                pending = task.get();
            } catch (Throwable t) {
                log.warn("handler task failed", t);
                pending = null;
            }
            if (pending != null && !pending.toCompletableFuture().isDone()) {
                pending.whenComplete((r, e) -> run(this::drain));
                return;
            }
        }
        scheduled = 0;
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
