package io.p2pboot.pipe;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one receive path of a pipe: what arrives on the event loop is counted against the read
 * budget, collected per read burst, and handed to the handler executor in one task per burst,
 * where a {@link Sink} delivers it in order. The pipe's own messages and a protocol's (a peer's
 * connection) take this same path; only the sink differs.
 *
 * <p>While a batch is pending on the executor, later arrivals follow it there, so order holds. A
 * sink may take arrivals on the event loop instead ({@link Sink#deliverOnEventLoop}) when nothing
 * is pending and no user code runs: one hand-off fewer. A fatal error of the JVM in a handler
 * ({@link VirtualMachineError} but {@link StackOverflowError}) stops the batch: the pipe closes
 * with a reason that says how many arrivals were not delivered.
 *
 * @param <T> what arrives: a pipe's {@link Message}, a protocol's frame
 */
public final class PipeInbound<T> {

    private static final Logger log = LoggerFactory.getLogger(PipeInbound.class);

    /**
     * Returned by {@link Sink#deliver} for an arrival that a queue keeps for a reader: its bytes
     * stay counted until the reader takes it, and the sink then calls {@link PipeInbound#freed}.
     */
    public static final CompletionStage<Object> KEPT = new CompletableFuture<>();

    /** Where arrivals go: the pipe's handlers and subscriptions, or a protocol's connection. */
    public interface Sink<T> {

        /** The bytes an arrival holds: what it counts against the read budget. */
        int sizeOf(T arrival);

        /**
         * Delivers one arrival, on the handler executor, in order. Returns {@code null} when done
         * with it, {@link #KEPT} when a queue keeps it, or a stage that the next arrival waits for
         * (its bytes are freed when it completes).
         */
        @Nullable CompletionStage<?> deliver(T arrival);

        /**
         * Offered each arrival of a burst on the event loop, first to last, while nothing is
         * pending on the executor; answers whether it took the arrival (then its bytes are freed
         * when it says so, through {@link PipeInbound#freed}). Runs no user code. None by default.
         */
        default boolean deliverOnEventLoop(T arrival) {
            return false;
        }

        /** Releases an arrival that will not be delivered (the pipe is closing). */
        void discard(T arrival);

        /** The close reason when a delivery failed fatally and {@code notDelivered} arrivals after it were dropped. */
        String failedFatally(int notDelivered);

        /** Whether {@link #ended} may run on the event loop now: it would run no user code there. */
        boolean endsOnEventLoop();

        /** The pipe ended; every batch handed on before has been delivered. */
        void ended(CloseReason reason);
    }

    private final Pipe pipe;
    private final Sink<T> sink;
    private final ReadBudget budget;
    private final LongConsumer freed;
    /** Arrivals of the current read burst; event loop only. Made with the first arrival: idle pipes are many. */
    private @Nullable ArrayList<T> burst;
    /** Batches handed to the executor and not yet delivered (a field, not an object: pipes are many). */
    private volatile int pending;
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<PipeInbound> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(PipeInbound.class, "pending");

    PipeInbound(Pipe pipe, Sink<T> sink, long limit, LongConsumer freed) {
        this.pipe = pipe;
        this.sink = sink;
        this.budget = new ReadBudget(pipe.channel, limit);
        this.freed = freed;
    }

    Sink<T> sink() {
        return sink;
    }

    /** On the event loop: an arrival joins the current burst. */
    public void arrived(T arrival) {
        int size = sink.sizeOf(arrival);
        if (!budget.taken(size)) {
            freed.accept(size); // after the end: end() gave back what was pending then
        }
        ArrayList<T> b = burst;
        if (b == null) {
            b = new ArrayList<>(4);
            burst = b;
        }
        b.add(arrival);
    }

    /** On the event loop, when a read burst ends (and as the channel goes inactive): hands the burst on. */
    void burstEnded() {
        ArrayList<T> burst = this.burst;
        int n = burst == null ? 0 : burst.size();
        if (n == 0) {
            return;
        }
        int direct = 0;
        if (pending == 0) {
            while (direct < n && sink.deliverOnEventLoop(burst.get(direct))) {
                direct++;
            }
        }
        if (direct == n) {
            burst.clear();
            return;
        }
        Object[] batch = burst.subList(direct, n).toArray();
        burst.clear();
        PENDING.incrementAndGet(this);
        pipe.dispatcher.submit(() -> deliver(batch, 0));
    }

    /**
     * On the executor: delivers from {@code from} on. When a delivery returns a stage still
     * running, the rest of the batch continues (on the executor) once it completes, and the
     * returned stage tells the dispatcher to hold later tasks until then.
     */
    private @Nullable CompletionStage<?> deliver(Object[] batch, int from) {
        int i = from;
        boolean finished = false;
        try {
            while (i < batch.length) {
                @SuppressWarnings("unchecked")
                T arrival = (T) batch[i++];
                int size = sink.sizeOf(arrival);
                CompletionStage<?> stage = deliverOne(arrival);
                if (stage == KEPT) {
                    continue;
                }
                if (stage == null || stage.toCompletableFuture().isDone()) {
                    freed(size);
                    continue;
                }
                finished = true;
                return continueAfter(stage, size, batch, i);
            }
            finished = true;
            PENDING.decrementAndGet(this);
            return null;
        } finally {
            if (!finished) {
                failedFatally(batch, i);
            }
        }
    }

    private @Nullable CompletionStage<?> deliverOne(T arrival) {
        try {
            return sink.deliver(arrival);
        } catch (RuntimeException e) {
            log.warn("delivery failed on {}", pipe, e);
            return null;
        }
    }

    private CompletionStage<?> continueAfter(CompletionStage<?> stage, int size, Object[] batch, int next) {
        Executor executor = pipe.config.executor();
        CompletableFuture<Void> rest = new CompletableFuture<>();
        stage.whenComplete((r, e) -> {
            freed(size);
            executor.execute(() -> {
                CompletionStage<?> more = deliver(batch, next);
                if (more == null) {
                    rest.complete(null);
                } else {
                    more.whenComplete((r2, e2) -> rest.complete(null));
                }
            });
        });
        return rest;
    }

    /** A fatal error stopped the batch at {@code next - 1}: the rest is not delivered, and the pipe closes saying so. */
    private void failedFatally(Object[] batch, int next) {
        long lost = 0;
        for (int j = next - 1; j < batch.length; j++) {
            @SuppressWarnings("unchecked")
            T arrival = (T) batch[j];
            lost += sink.sizeOf(arrival);
            if (j >= next) {
                sink.discard(arrival);
            }
        }
        freed(lost);
        PENDING.decrementAndGet(this);
        String reason = sink.failedFatally(batch.length - next);
        log.error(reason);
        pipe.closeWith(new CloseReason(CloseReason.Kind.LOCAL, reason, null), pipe.config.conTimeout());
    }

    /**
     * Whether a handler's failure leaves the JVM in doubt (out of memory, an internal error): a
     * sink rethrows it, and the batch it interrupted is not delivered. Every other failure,
     * {@code StackOverflowError} (the stack has unwound by then) and {@code AssertionError} among
     * them, is the handler's own: logged, and the next arrival is delivered.
     */
    public static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /** Bytes the sink is done with (delivered, or taken from its queue): the budget, then whoever pays, get them back. */
    public void freed(long bytes) {
        if (budget.released(bytes)) {
            freed.accept(bytes);
        }
    }

    /** Received bytes not yet freed: at most about the budget's limit. */
    public long pendingBytes() {
        return budget.pending();
    }

    /** Whether no batch waits on the executor: a moment's answer. */
    boolean isIdle() {
        return pending == 0;
    }

    /** As the pipe ends: stops counting and gives back what was still held, then tells the sink. */
    void ended(CloseReason reason) {
        freed.accept(budget.end());
        sink.ended(reason);
    }
}
