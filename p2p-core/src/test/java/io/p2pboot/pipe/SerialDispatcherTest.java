package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialDispatcherTest {

    /** What ran where: the tasks' numbers in the order they ran, their threads, and the most running at once. */
    private final List<Integer> ran = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    private void runTasks(SerialDispatcher dispatcher, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            dispatcher.execute(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                ran.add(n);
                threads.add(Thread.currentThread().getName());
                running.decrementAndGet();
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == count && dispatcher.isIdle());
    }

    @Test
    void tasksRunInOrderOneAtATimeOnTheExecutor() {
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> new Thread(r, "test-handlers"));
        try {
            runTasks(new SerialDispatcher(executor), 1000);
        } finally {
            executor.shutdownNow();
        }
        assertThat(ran).isSorted();
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(threads).allMatch("test-handlers"::equals);
    }

    @Test
    void tasksAnExecutorRefusesStillRunInOrderOnTheFallbackThread() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown(); // its owner shut it down while a pipe still used it

        runTasks(new SerialDispatcher(executor), 100);

        assertThat(ran).isSorted();
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(threads).allMatch("p2p-refused-handlers"::equals);
    }
}
