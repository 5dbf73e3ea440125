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
 * @param rival on a contender's row ({@code jgroups-*}, whose {@code p2p} column holds the
 *     contender's figure): the library's ratio to raw on the same workload in this run, which must
 *     be better than the contender's; {@code null} elsewhere, or when the library's row did not run
 */
public record Row(String name, String unit, double p2p, Double raw, Double limit, boolean lowerIsBetter,
                  String note, Double rival) {

    public static Row higher(String name, String unit, double p2p, Double raw) {
        return new Row(name, unit, p2p, raw, null, false, "", null);
    }

    public static Row lower(String name, String unit, double p2p, Double raw) {
        return new Row(name, unit, p2p, raw, null, true, "", null);
    }

    public Row withLimit(Double value) {
        return new Row(name, unit, p2p, raw, value, lowerIsBetter, note, rival);
    }

    public Row withNote(String text) {
        return new Row(name, unit, p2p, raw, limit, lowerIsBetter, text, rival);
    }

    /** A contender's row: {@code p2pRatio} is the library's ratio on the same workload in this run. */
    public Row withRival(Double p2pRatio) {
        return new Row(name, unit, p2p, raw, limit, lowerIsBetter, note, p2pRatio);
    }

    /** p2p / raw, or {@code null} without a baseline. */
    public Double ratio() {
        return raw == null || raw == 0 ? null : p2p / raw;
    }
}
