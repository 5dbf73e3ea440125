package io.p2pboot.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip times in nanoseconds, in the order they were taken, warm-up included; written by one
 * thread. The number taken so far is a ping-pong contender's count, so the windows of an
 * {@link Interleaved} run pick out exactly the counted samples.
 */
public final class LatencySamples {

    private final long[] samples;
    private volatile int count;

    public LatencySamples(int capacity) {
        samples = new long[capacity];
    }

    /** Called by the one timing thread; samples beyond the capacity are dropped. */
    public void add(long nanos) {
        int n = count;
        if (n < samples.length) {
            samples[n] = nanos;
            count = n + 1;
        }
    }

    public long count() {
        return count;
    }

    /** The samples inside the windows, concatenated. */
    public long[] within(List<Interleaved.Window> windows) {
        int taken = count;
        long[] all = new long[0];
        for (Interleaved.Window w : windows) {
            int from = (int) Math.min(w.from(), taken);
            int to = (int) Math.min(w.to(), taken);
            int at = all.length;
            all = Arrays.copyOf(all, at + to - from);
            System.arraycopy(samples, from, all, at, to - from);
        }
        return all;
    }
}
