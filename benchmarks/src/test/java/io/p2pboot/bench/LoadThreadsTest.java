package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadThreadsTest {

    @Test
    void pauseReturnsWhenNoThreadIsInAStepAndResumeRunsThemAgain() throws Exception {
        AtomicInteger inStep = new AtomicInteger();
        AtomicLong steps = new AtomicLong();
        try (LoadThreads threads = new LoadThreads("test-load", 3, i -> () -> {
            inStep.incrementAndGet();
            steps.incrementAndGet();
            Thread.onSpinWait();
            inStep.decrementAndGet();
        })) {
            assertThat(steps.get()).as("created paused").isZero();
            for (int round = 1; round <= 3; round++) {
                long before = steps.get();
                threads.resume();
                while (steps.get() < before + 100) {
                    Thread.onSpinWait();
                }
                threads.pause();
                long paused = steps.get();

                assertThat(inStep.get()).isZero();
                assertThat(steps.get()).isEqualTo(paused);
            }
        }
    }

    @Test
    void aFailedStepIsReportedByTheNextPause() throws Exception {
        CountDownLatch stepped = new CountDownLatch(1);
        try (LoadThreads threads = new LoadThreads("test-fail", () -> {
            stepped.countDown();
            throw new IllegalStateException("boom");
        })) {
            threads.resume();
            assertThat(stepped.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(threads::pause).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        }
    }
}
