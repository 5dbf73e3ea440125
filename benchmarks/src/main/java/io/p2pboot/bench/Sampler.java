package io.p2pboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Samples a running counter: waits out the warm-up, then reads the counter at the edges of each
 * round and reports the median rate per second.
 */
public final class Sampler {

    private Sampler() {
    }

    public static double medianRate(LongSupplier counter, Settings settings) {
        sleep(settings.warmup().toNanos());
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < settings.rounds(); i++) {
            long c0 = counter.getAsLong();
            long t0 = System.nanoTime();
            sleep(settings.round().toNanos());
            long c1 = counter.getAsLong();
            long t1 = System.nanoTime();
            rates.add((c1 - c0) * 1e9 / (t1 - t0));
        }
        return Stats.median(rates);
    }

    public static void sleep(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
