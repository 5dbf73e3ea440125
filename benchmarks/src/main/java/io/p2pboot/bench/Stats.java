package io.p2pboot.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles. */
public final class Stats {

    private Stats() {
    }

    public static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        return percentile(a, 50);
    }

    /** Nearest-rank percentile; sorts a copy. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] a = values.clone();
        Arrays.sort(a);
        int rank = (int) Math.ceil(p / 100.0 * a.length);
        return a[Math.max(0, Math.min(a.length - 1, rank - 1))];
    }

    public static double percentile(long[] values, int count, double p) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = values[i];
        }
        return percentile(a, p);
    }
}
