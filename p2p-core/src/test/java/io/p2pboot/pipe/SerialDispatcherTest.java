package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SerialDispatcherTest {

    @Test
    void tasksRunInOrderOneAtATimeOnTheExecutor() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> new Thread(r, "test-handlers"));
        try {
            SerialDispatcher dispatcher = new SerialDispatcher(executor);
            List<Integer> ran = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                dispatcher.execute(() -> {
                    ran.add(n);
                    threads.add(Thread.currentThread().getName());
                });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1000 && dispatcher.isIdle());
            assertThat(ran).isSorted();
            assertThat(threads).allMatch("test-handlers"::equals);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void tasksAnExecutorRefusesStillRunInOrderOnTheFallbackThread() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown(); // its owner shut it down while a pipe still used it
        SerialDispatcher dispatcher = new SerialDispatcher(executor);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            dispatcher.execute(() -> {
                ran.add(n);
                threads.add(Thread.currentThread().getName());
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 100 && dispatcher.isIdle());
        assertThat(ran).isSorted();
        assertThat(threads).allMatch("p2p-refused-handlers"::equals);
    }
}
