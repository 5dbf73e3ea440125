package io.p2pboot.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Measures the library and its raw baseline in turns instead of one after the other.
 *
 * <p>Why: on a small shared machine, measuring one side completely and then the other gives the
 * first side the JIT compilation of the Netty code both share (with the compiler threads
 * competing for the cores), and lets load from other processes that changes during the run hit
 * one side and not the other. Alternating short stretches spreads both effects over both sides,
 * so the ratio of the two medians holds where absolute numbers drift.
 *
 * <p>Schedule: the warm-up time is cut into an even number of slices (about one round each),
 * given to p2p, raw, p2p, raw …; while the JIT compiled for more than {@link #COMPILER_BUSY}
 * of the last turn's time (it is not done with the code), another slice each follows, and
 * otherwise another slice for each side whose last slice was still more than
 * {@link #STILL_RISING} faster than its previous one, up to {@link Settings#maxWarmup()} in
 * all; then {@code rounds} counted rounds each, p2p, raw, p2p, raw ….
 * Only one side generates load at any moment: after each slice or round the side is paused and
 * its in-flight work is left to drain (its count stops moving) before the other side resumes.
 * Neither the draining nor a short lead-in after each resume is counted.
 *
 * <p>A pair of counted rounds in which the hypervisor took a share of the machine's CPU (steal)
 * from one side's round that differed from the other's by {@link #DISTURBED} or more is run
 * again, up to {@code rounds - 1} more pairs; the medians are then taken over the {@code rounds}
 * most even pairs. Steal came and went within seconds on this VM: falling on one side's round
 * and not the other's, it moved a ratio by about as much as it took. Steal that stays (both
 * rounds lose alike) is left to the ratio, and the row's note tells how much there was.
 */
public final class Interleaved {

    /**
     * How sides are switched.
     *
     * @param quiet a side has drained when its count did not move for this long
     * @param maxSettle give up waiting for the drain after this long (and say so on stderr)
     * @param leadIn uncounted time after a resume: threads waking and buffers refilling are not steady state
     */
    public record Timing(Duration quiet, Duration maxSettle, Duration leadIn) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(30), Duration.ofSeconds(3), Duration.ofMillis(30));
    }

    /** One counted round: the side's count at its two edges and the nanoseconds between them. */
    public record Window(long from, long to, long nanos) {
        public double rate() {
            return nanos <= 0 ? Double.NaN : (to - from) * 1e9 / nanos;
        }
    }

    /**
     * The counted rounds of each side, in the order they ran.
     *
     * @param rerun pairs of rounds run and then set aside for uneven steal (see {@link #DISTURBED})
     */
    public record Result(List<Window> p2p, List<Window> raw, int rerun) {
        public double p2pRate() {
            return medianRate(p2p);
        }

        public double rawRate() {
            return medianRate(raw);
        }

        /** A note's addition for a row, empty when no pair was run again. */
        public String rerunNote() {
            return rerun == 0 ? "" : String.format(Locale.ROOT, "; %d pair%s of rounds run again for uneven steal",
                    rerun, rerun == 1 ? "" : "s");
        }
    }

    /** A counted round and the share of the CPU the hypervisor took during it (0 when not judged). */
    private record Round(Window window, double steal) {
    }

    /** Two counted rounds, one per side, in the order they ran. */
    private record Pair(Round p2p, Round raw, int order) {
        /** How unevenly the hypervisor took the CPU from the two rounds. */
        double uneven() {
            return Math.abs(p2p.steal() - raw.steal());
        }
    }

    /**
     * A pair whose rounds' steal shares differ by this much is run again. When idle, this VM
     * showed 0–3 % in any round.
     */
    static final double DISTURBED = 0.05;

    /**
     * Steal is only judged over rounds of at least this many CPU ticks ({@code /proc/stat} counts
     * in hundredths of a second per CPU: about a quarter of a second on two CPUs); in shorter ones
     * a single tick would be several percent.
     */
    static final long MIN_TICKS = 50;

    /** A side whose slice rate grew by more than this factor is still warming up. */
    static final double STILL_RISING = 1.10;

    /**
     * The JIT compiled for more than this share of the last pair of slices (a quarter of one
     * core): it is still compiling the code being measured, and on two cores it takes that time
     * from whichever side runs. In a quick run it was still compiling at half a core to a core
     * through the counted rounds of bytes-64KiB.
     */
    static final double COMPILER_BUSY = 0.25;

    /** {@code -Dbench.rounds=true}: print every round's rate to stderr, to see how much they scatter. */
    public static final String VERBOSE = "bench.rounds";

    private Interleaved() {
    }

    /** Both sides must be paused; they are left paused (and open). */
    public static Result run(Contender p2p, Contender raw, Settings settings) {
        return run(p2p, raw, settings, Timing.DEFAULT);
    }

    public static Result run(Contender p2p, Contender raw, Settings settings, Timing timing) {
        return run(p2p, raw, settings, timing, Interleaved::compilerMillis, CpuSteal::now);
    }

    /**
     * @param compiler milliseconds the JIT has spent compiling so far (a clock that moves while it works)
     * @param machine the machine's CPU ticks so far, or {@code null} when unknown (never disturbed then)
     */
    static Result run(Contender p2p, Contender raw, Settings settings, Timing timing, LongSupplier compiler,
                      Supplier<CpuSteal.Ticks> machine) {
        warmUp(new Contender[] {p2p, raw}, settings, timing, compiler);
        int rounds = settings.rounds();
        List<Pair> pairs = new ArrayList<>();
        int disturbed = 0;
        while (pairs.size() < rounds || pairs.size() - disturbed < rounds && pairs.size() < 2 * rounds - 1) {
            Round p2pRound = round(p2p, settings.round(), timing, machine);
            Round rawRound = round(raw, settings.round(), timing, machine);
            Pair pair = new Pair(p2pRound, rawRound, pairs.size());
            pairs.add(pair);
            if (pair.uneven() >= DISTURBED) {
                disturbed++;
            }
        }
        List<Pair> kept = pairs.stream().sorted(Comparator.comparingDouble(Pair::uneven)).limit(rounds)
                .sorted(Comparator.comparingInt(Pair::order)).toList();
        Result result = new Result(kept.stream().map(p -> p.p2p().window()).toList(),
                kept.stream().map(p -> p.raw().window()).toList(), pairs.size() - kept.size());
        if (Boolean.getBoolean(VERBOSE)) {
            System.err.printf("interleaved rounds (/s): p2p %s, raw %s; steal p2p %s, raw %s; kept pairs %s%n",
                    rates(pairs.stream().map(p -> p.p2p().window()).toList()),
                    rates(pairs.stream().map(p -> p.raw().window()).toList()),
                    shares(pairs.stream().map(p -> p.p2p().steal()).toList()),
                    shares(pairs.stream().map(p -> p.raw().steal()).toList()), kept.stream().map(Pair::order).toList());
        }
        return result;
    }

    /**
     * The warm-up: slices of about one round, both sides in turns, for the warm-up time; then
     * more turns while a side is still getting faster or the JIT is busy, up to the longest
     * warm-up. A turn gives a slice to both sides, or only to the one still getting faster when
     * the JIT is not busy: the other one is warm already, and the time goes where it is needed.
     */
    private static void warmUp(Contender[] sides, Settings settings, Timing timing, LongSupplier compiler) {
        int slices = warmupSlices(settings);
        long slice = settings.warmup().toNanos() / slices;
        List<List<Double>> warmupRates = List.of(new ArrayList<>(), new ArrayList<>());
        List<Double> compilerShares = new ArrayList<>();
        long spent = 0;
        boolean compiling = false;
        for (int turn = 0; ; turn++) {
            boolean[] runs = {true, true};
            if (turn >= slices / 2) {
                runs[0] = compiling || rising(warmupRates.get(0));
                runs[1] = compiling || rising(warmupRates.get(1));
                int n = (runs[0] ? 1 : 0) + (runs[1] ? 1 : 0);
                if (n == 0 || spent + n * slice > settings.maxWarmup().toNanos()) {
                    break;
                }
            }
            long turnStart = System.nanoTime();
            long compiledBefore = compiler.getAsLong();
            for (int i = 0; i < 2; i++) {
                if (runs[i]) {
                    Contender side = sides[i];
                    side.resume();
                    long c0 = side.count();
                    long t0 = System.nanoTime();
                    Sampler.sleep(slice);
                    warmupRates.get(i).add(new Window(c0, side.count(), System.nanoTime() - t0).rate());
                    stop(side, timing);
                    spent += slice;
                }
            }
            double share = (compiler.getAsLong() - compiledBefore) * 1e6 / Math.max(1, System.nanoTime() - turnStart);
            compilerShares.add(share);
            compiling = share > COMPILER_BUSY;
        }
        if (Boolean.getBoolean(VERBOSE)) {
            System.err.printf("interleaved warm-up (/s): p2p %s, raw %s; compiler's share of each turn %s%n",
                    format(warmupRates.get(0)), format(warmupRates.get(1)), shares(compilerShares));
        }
    }

    /** A counted round of {@code side}, with the steal share during it. */
    private static Round round(Contender side, Duration length, Timing timing, Supplier<CpuSteal.Ticks> machine) {
        side.resume();
        Sampler.sleep(timing.leadIn().toNanos());
        CpuSteal.Ticks before = machine.get();
        long c0 = side.count();
        long t0 = System.nanoTime();
        Sampler.sleep(length.toNanos());
        long c1 = side.count();
        long t1 = System.nanoTime();
        CpuSteal.Ticks after = machine.get();
        stop(side, timing);
        boolean judged = before != null && after != null && after.total() - before.total() >= MIN_TICKS;
        return new Round(new Window(c0, c1, t1 - t0), judged ? after.stolenSince(before) : 0);
    }

    /** The JIT's total compilation time in milliseconds; 0 when the JVM does not measure it (never busy then). */
    static long compilerMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Whether a side's last warm-up slice was clearly faster than the one before. */
    static boolean rising(List<Double> rates) {
        int n = rates.size();
        return n >= 2 && rates.get(n - 1) > STILL_RISING * rates.get(n - 2);
    }

    private static String format(List<Double> rates) {
        return rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList().toString();
    }

    private static String shares(List<Double> shares) {
        return shares.stream().map(c -> String.format(Locale.ROOT, "%.2f", c)).toList().toString();
    }

    private static String rates(List<Window> rounds) {
        return rounds.stream().map(w -> String.format(Locale.ROOT, "%.0f", w.rate())).toList().toString();
    }

    /** An even number of warm-up slices, each about one round long: both sides get half the warm-up, in turns. */
    static int warmupSlices(Settings settings) {
        long round = settings.round().toNanos();
        long pairs = round <= 0 ? 1 : Math.round(settings.warmup().toNanos() / (2.0 * round));
        return (int) (2 * Math.max(1, Math.min(pairs, 50)));
    }

    public static double medianRate(List<Window> rounds) {
        return Stats.median(rounds.stream().map(Window::rate).toList());
    }

    private static void stop(Contender side, Timing timing) {
        side.pause();
        if (!settle(side, timing)) {
            System.err.printf("interleaved: a side still completed work %d ms after its pause; the next round overlaps its tail%n",
                    timing.maxSettle().toMillis());
        }
    }

    /** Waits until {@code side}'s count has not moved for one quiet interval; false when maxSettle passed first. */
    static boolean settle(Contender side, Timing timing) {
        long deadline = System.nanoTime() + timing.maxSettle().toNanos();
        long last = side.count();
        while (true) {
            Sampler.sleep(timing.quiet().toNanos());
            long now = side.count();
            if (now == last) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            last = now;
        }
    }
}
