package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SpinTest {

    @Test
    void endsAsSoonAsTheConditionHolds() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread setter = new Thread(() -> done.set(true));
        setter.start();
        assertThat(Spin.until(done::get, TimeUnit.SECONDS.toNanos(10))).isTrue();
        setter.join();
    }

    @Test
    void givesUpAfterItsTime() {
        long start = System.nanoTime();
        assertThat(Spin.until(() -> false, 200_000)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void noMoreThanHalfTheCoresSpinAtOnce() throws Exception {
        int max = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        CountDownLatch spinning = new CountDownLatch(max);
        AtomicBoolean release = new AtomicBoolean();
        Thread[] spinners = new Thread[max];
        for (int i = 0; i < max; i++) {
            spinners[i] = new Thread(() -> {
                int[] checks = {0};
                Spin.until(() -> {
                    if (++checks[0] == 2) {
                        spinning.countDown(); // checked again: inside the spin, its slot taken
                    }
                    return release.get();
                }, TimeUnit.SECONDS.toNanos(30));
            });
            spinners[i].start();
        }
        try {
            assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            // every spinning slot is taken: this one must not spin for its second, but return at once
            assertThat(Spin.until(() -> false, TimeUnit.SECONDS.toNanos(1))).isFalse();
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        } finally {
            release.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }
}
