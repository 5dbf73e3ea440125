package io.p2pboot.bench;

import java.time.Duration;

/**
 * How long each workload runs: a warm-up, then repeated rounds whose median is reported.
 *
 * @param warmup time before the first counted round
 * @param maxWarmup how far an interleaved warm-up may be stretched while a side is still getting faster
 * @param round length of one counted round
 * @param rounds number of counted rounds
 * @param idleConnections connections held open by {@code idle-10k}
 * @param fanoutPeers receivers of {@code fanout-100}
 * @param responders responders of {@code discovery-20}
 */
public record Settings(Duration warmup, Duration maxWarmup, Duration round, int rounds, int idleConnections, int fanoutPeers,
                       int responders) {

    public static Settings quick() {
        return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofMillis(500), 3, 10_000, 100, 20);
    }

    public static Settings full() {
        return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(12), Duration.ofMillis(1500), 5, 10_000, 100, 20);
    }

    /** A tiny run for tests: a fraction of a second per workload, few connections. */
    public static Settings smoke() {
        return new Settings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100), 2, 50, 5, 3);
    }

    /** A warm-up that is never stretched. */
    public Settings(Duration warmup, Duration round, int rounds, int idleConnections, int fanoutPeers, int responders) {
        this(warmup, warmup, round, rounds, idleConnections, fanoutPeers, responders);
    }

    /**
     * As many rounds of half the length, after a warm-up of at most half a second: for the
     * blocking-socket limits, plain loops over JDK sockets that the JIT has compiled well within
     * that, measured alone and shown for reference (no target is judged by them).
     */
    public Settings forLimits() {
        Duration shortWarmup = warmup.compareTo(Duration.ofMillis(500)) < 0 ? warmup : Duration.ofMillis(500);
        return new Settings(shortWarmup, round.dividedBy(2), rounds, idleConnections, fanoutPeers, responders);
    }
}
