package io.p2pboot.bench;

/**
 * One line of the result: the library's figure beside the raw baseline of the same run, and the
 * physical limit (a blocking-socket program) where one was measured.
 *
 * @param name workload name, as in the table
 * @param unit unit of {@code p2p}, {@code raw} and {@code limit}
 * @param p2p the library's figure
 * @param raw the raw Netty baseline, {@code null} when the workload has none
 * @param limit the blocking-NIO figure, {@code null} when not measured
 * @param lowerIsBetter latencies and memory: the ratio is p2p cost / raw cost
 * @param note what else the table shows (MB/s, RSS)
 */
public record Row(String name, String unit, double p2p, Double raw, Double limit, boolean lowerIsBetter,
                  String note) {

    public static Row higher(String name, String unit, double p2p, Double raw) {
        return new Row(name, unit, p2p, raw, null, false, "");
    }

    public static Row lower(String name, String unit, double p2p, Double raw) {
        return new Row(name, unit, p2p, raw, null, true, "");
    }

    public Row withLimit(Double value) {
        return new Row(name, unit, p2p, raw, value, lowerIsBetter, note);
    }

    public Row withNote(String text) {
        return new Row(name, unit, p2p, raw, limit, lowerIsBetter, text);
    }

    /** p2p / raw, or {@code null} without a baseline. */
    public Double ratio() {
        return raw == null || raw == 0 ? null : p2p / raw;
    }
}
