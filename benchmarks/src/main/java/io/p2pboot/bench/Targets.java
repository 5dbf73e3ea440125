package io.p2pboot.bench;

import java.util.Map;

/** The targets: ratios to the raw baseline, or (idle-10k) an absolute bound; the library ahead of a contender. */
public final class Targets {

    /** Throughput ratios: p2p / raw must reach at least this. */
    private static final Map<String, Double> MIN_RATIO = Map.ofEntries(
            Map.entry("bytes-64B", 0.50), Map.entry("bytes-1KiB", 0.60), Map.entry("bytes-64KiB", 0.85),
            Map.entry("bytes-1MiB", 0.85), Map.entry("stream-1KiB", 0.70), Map.entry("json-small", 0.15),
            Map.entry("handshake-1", 0.70), Map.entry("handshake-8", 0.50), Map.entry("handshake-1-async", 0.70),
            Map.entry("bytes-1MiB-view", 0.95),
            // against the same workload without a session (issue #19: a session costs at most 30 % / 15 %)
            Map.entry("bytes-64B-session", 0.70), Map.entry("bytes-64KiB-session", 0.85));

    /** Latency ratios: p2p time / raw time must stay at most this. */
    private static final Map<String, Double> MAX_RATIO = Map.of("rtt-64B-p50", 1.5, "rtt-64B-p99", 2.0,
            "rtt-64B-loop-p50", 1.3);

    /** Rows of a contender (another library on the same workload): the library must do better. */
    public static final String CONTENDER = "jgroups-";

    /** Absolute bounds on p2p (idle-10k: bytes of heap per connection). */
    private static final Map<String, Double> MAX_VALUE = Map.of("idle-10k", 2048.0);

    private Targets() {
    }

    /** The target in words, or "" when the row has none. */
    public static String describe(String name) {
        if (name.startsWith(CONTENDER)) {
            return "p2p ahead";
        }
        if (MIN_RATIO.containsKey(name)) {
            return "≥ " + MIN_RATIO.get(name);
        }
        if (MAX_RATIO.containsKey(name)) {
            return "≤ " + MAX_RATIO.get(name) + "×";
        }
        if (MAX_VALUE.containsKey(name)) {
            return "≤ " + MAX_VALUE.get(name).intValue() + " B";
        }
        return "";
    }

    /** {@code null} when the row has no target; else whether it is met. */
    public static Boolean met(Row row) {
        Double ratio = row.ratio();
        if (row.name().startsWith(CONTENDER)) {
            if (row.rival() == null || ratio == null) {
                return null;
            }
            return row.lowerIsBetter() ? row.rival() < ratio : row.rival() > ratio;
        }
        if (MIN_RATIO.containsKey(row.name())) {
            return ratio != null && ratio >= MIN_RATIO.get(row.name());
        }
        if (MAX_RATIO.containsKey(row.name())) {
            return ratio != null && ratio <= MAX_RATIO.get(row.name());
        }
        if (MAX_VALUE.containsKey(row.name())) {
            return row.p2p() <= MAX_VALUE.get(row.name());
        }
        return null;
    }
}
