package io.p2pboot.bench;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/** Figures shared between workloads of one run (json-small reuses the raw 64 B rate). */
public final class RunContext {

    private final Map<String, Double> figures = new ConcurrentHashMap<>();

    public void put(String key, double value) {
        figures.put(key, value);
    }

    /** The figure measured earlier in this run, or measures it now. */
    public double getOrMeasure(String key, Callable<Double> measure) throws Exception {
        Double known = figures.get(key);
        if (known != null) {
            return known;
        }
        double v = measure.call();
        figures.put(key, v);
        return v;
    }
}
