package io.p2pboot.bench;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Figures shared between workloads of one run: each throughput workload leaves its raw rate as
 * {@code raw:NAME}, and every row its ratio as {@code ratio:NAME} ({@link #ratioOf}). (json-small no longer reads {@code raw:bytes-64B}: it measures its own raw
 * baseline interleaved with it.)
 */
public final class RunContext {

    private final Map<String, Double> figures = new ConcurrentHashMap<>();

    /** The key under which a row's ratio to raw is kept, for the contenders' rows that compare with it. */
    public static String ratioOf(String rowName) {
        return "ratio:" + rowName;
    }

    public void put(String key, double value) {
        figures.put(key, value);
    }

    /** The figure measured earlier in this run, if any. */
    public OptionalDouble get(String key) {
        Double known = figures.get(key);
        return known == null ? OptionalDouble.empty() : OptionalDouble.of(known);
    }
}
