package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The runner's schedule, with fake contenders whose count is a clock: no sockets. */
class InterleavedTest {

    private static final Interleaved.Timing FAST = new Interleaved.Timing(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ZERO);

    /** Who is generating load now; null when nobody is. */
    private final AtomicReference<String> active = new AtomicReference<>();
    private final List<String> resumes = Collections.synchronizedList(new ArrayList<>());

    @Test
    void sidesAlternateOneAtATimeWithTheWarmUpSplitBetweenThem() {
        Fake p2p = new Fake("p2p", 1);
        Fake raw = p2p.against("raw", 2);
        // 8 ms of warm-up in slices of about one 2 ms round: 4 slices, then 3 counted rounds each
        Settings settings = new Settings(Duration.ofMillis(8), Duration.ofMillis(2), 3, 0, 0, 0);

        Interleaved.Result result = Interleaved.run(p2p, raw, settings, FAST);

        assertThat(resumes).containsExactly("p2p", "raw", "p2p", "raw", "p2p", "raw", "p2p", "raw", "p2p", "raw");
        assertThat(active.get()).as("both sides left paused").isNull();
        assertThat(result.p2p()).hasSize(3);
        assertThat(result.raw()).hasSize(3);
        assertThat(result.rerun()).as("2 ms rounds are too short to judge steal by").isZero();
        assertThat(result.rerunNote()).isEmpty();
        assertThat(p2p.running).isFalse();
        assertThat(raw.running).isFalse();
    }

    @Test
    void eachSidesMedianIsItsOwnRateAndDrainingIsNotCounted() {
        Fake p2p = new Fake("p2p", 1);
        Fake raw = p2p.against("raw", 4);
        // rounds long enough that a thread descheduled between reading a count and the clock moves a rate little
        Settings settings = new Settings(Duration.ofMillis(10), Duration.ofMillis(20), 3, 0, 0, 0);

        Interleaved.Result result = Interleaved.run(p2p, raw, settings, FAST);

        // the fakes count 1 (p2p) and 4 (raw) per microsecond while running; the drain adds 3 after each pause
        assertThat(result.p2pRate()).isCloseTo(1e6, within(0.25e6));
        assertThat(result.rawRate()).isCloseTo(4e6, within(1e6));
        for (Interleaved.Window w : result.p2p()) {
            assertThat(w.to()).isGreaterThan(w.from());
        }
    }

    @Test
    void warmUpIsAnEvenNumberOfSlicesOfAboutOneRound() {
        assertThat(Interleaved.warmupSlices(Settings.quick())).isEqualTo(4);
        assertThat(Interleaved.warmupSlices(Settings.full())).isEqualTo(4);
        assertThat(Interleaved.warmupSlices(Settings.smoke())).isEqualTo(2);
        assertThat(Interleaved.warmupSlices(new Settings(Duration.ZERO, Duration.ZERO, 1, 0, 0, 0))).isEqualTo(2);
    }

    @Test
    void theWarmUpGoesOnWhileASideIsStillGettingFasterUpToItsLimit() {
        assertThat(Interleaved.rising(List.of(100.0, 105.0))).isFalse();
        assertThat(Interleaved.rising(List.of(100.0, 150.0))).isTrue();
        assertThat(Interleaved.rising(List.of(100.0))).isFalse();

        Fake p2p = new Fake("p2p", 1);
        Fake raw = p2p.against("raw", 2);
        p2p.speedsUpFor = 4; // its first four slices each run faster than the one before
        // 8 ms of warm-up (4 slices of 2 ms), stretchable to 16 ms: at most 4 more slices
        Settings settings = new Settings(Duration.ofMillis(8), Duration.ofMillis(16), Duration.ofMillis(2), 1, 0, 0, 0);

        Interleaved.run(p2p, raw, settings, FAST, () -> 0, () -> null); // a JIT that is never busy

        int n = resumes.size();
        assertThat(n).as("4 warm-up slices in turns, 1 to 4 more, then one counted round each").isBetween(7, 10);
        assertThat(resumes.subList(0, 4)).containsExactly("p2p", "raw", "p2p", "raw");
        assertThat(resumes.subList(4, n - 2)).as("only the side still getting faster warms up longer").containsOnly("p2p");
        assertThat(resumes.subList(n - 2, n)).containsExactly("p2p", "raw");
    }

    /**
     * Runs two equally fast sides with 4 ms of warm-up (one pair of 2 ms slices) that may stretch
     * to {@code maxWarmup}, the compiler's clock reading {@code compiledMillis(n)} at its n-th read
     * (two reads per pair), and one counted round each; answers how many times a side resumed.
     */
    private int resumesWhileCompiling(IntToLongFunction compiledMillis, Duration maxWarmup) {
        Fake p2p = new Fake("p2p", 1);
        Fake raw = p2p.against("raw", 1);
        AtomicInteger reads = new AtomicInteger();
        Settings settings = new Settings(Duration.ofMillis(4), maxWarmup, Duration.ofMillis(2), 1, 0, 0, 0);

        Interleaved.run(p2p, raw, settings, FAST, () -> compiledMillis.applyAsLong(reads.incrementAndGet()), () -> null);
        return resumes.size();
    }

    @Test
    void theWarmUpGoesOnWhileTheCompilerIsBusyAndStopsOnceItIsDone() {
        // a second of compiling in each of the first three pairs, then none; room for far more
        int resumed = resumesWhileCompiling(n -> Math.min(n, 6) * 1000L, Duration.ofMillis(400));

        assertThat(resumed).as("four pairs of warm-up slices (the last one quiet), then one round each").isEqualTo(10);
    }

    @Test
    void aBusyCompilerDoesNotStretchTheWarmUpPastItsLimit() {
        int resumed = resumesWhileCompiling(n -> n * 1000L, Duration.ofMillis(8));

        assertThat(resumed).as("8 ms of warm-up at most: two pairs, then one round each").isEqualTo(6);
    }

    /**
     * The machine's ticks as two reads per counted round see them (before and after it),
     * {@code ticksPerRound} per round, with {@code stolen[k]} of round k's ticks stolen (p2p, raw, p2p, raw …).
     */
    private static Supplier<CpuSteal.Ticks> machine(long ticksPerRound, double... stolen) {
        AtomicInteger reads = new AtomicInteger();
        long[] steal = new long[1];
        return () -> {
            int n = reads.incrementAndGet();
            int round = (n - 1) / 2;
            if (n % 2 == 0 && round < stolen.length) {
                steal[0] += Math.round(stolen[round] * ticksPerRound);
            }
            return new CpuSteal.Ticks((n % 2 == 1 ? round : round + 1) * ticksPerRound, steal[0]);
        };
    }

    /**
     * Runs three counted rounds each after a fixed warm-up of one pair; p2p counts twice as fast
     * on each resume, so the rate of one kept p2p round over the one before tells how many pairs
     * apart they ran (2: adjacent; 4: one pair between them was set aside).
     */
    private Interleaved.Result runWithSteal(Supplier<CpuSteal.Ticks> machine) {
        Fake p2p = new Fake("p2p", 1);
        Fake raw = p2p.against("raw", 1);
        p2p.speedsUpFor = 100;
        Settings settings = new Settings(Duration.ofMillis(4), Duration.ofMillis(2), 3, 0, 0, 0);
        return Interleaved.run(p2p, raw, settings, FAST, () -> 0, machine);
    }

    private static List<Long> speedUps(List<Interleaved.Window> rounds) {
        List<Long> steps = new ArrayList<>();
        for (int i = 1; i < rounds.size(); i++) {
            steps.add(Math.round(rounds.get(i).rate() / rounds.get(i - 1).rate()));
        }
        return steps;
    }

    @Test
    void aPairTheHypervisorDisturbedIsRunAgainAndLeftOut() {
        // the second pair's p2p round lost a fifth of the CPU
        Interleaved.Result result = runWithSteal(machine(100, 0, 0, 0.20, 0, 0, 0, 0, 0));

        assertThat(resumes).as("a pair of warm-up slices, then four pairs of rounds").hasSize(10);
        assertThat(result.rerun()).isOne();
        assertThat(result.p2p()).hasSize(3);
        assertThat(result.raw()).hasSize(3);
        assertThat(speedUps(result.p2p())).as("pairs 1, 3 and 4 kept").containsExactly(4L, 2L);
        assertThat(result.rerunNote()).isEqualTo("; 1 pair of rounds run again for uneven steal");
    }

    @Test
    void whenEveryPairIsUnevenTheMostEvenAreKeptAndNoMoreThanRoundsMinusOneAreAdded() {
        // steal on each p2p round: 30 %, 10 %, 20 %, 6 %, 40 %; on each raw round: none, but 5 % in the first
        Interleaved.Result result = runWithSteal(machine(100, 0.30, 0.05, 0.10, 0, 0.20, 0, 0.06, 0, 0.40, 0));

        assertThat(resumes).as("a pair of warm-up slices, then 3 + 2 pairs of rounds").hasSize(12);
        assertThat(result.rerun()).isEqualTo(2);
        assertThat(speedUps(result.p2p())).as("pairs 2, 3 and 4 kept").containsExactly(2L, 2L);
        assertThat(result.rerunNote()).isEqualTo("; 2 pairs of rounds run again for uneven steal");
    }

    @Test
    void stealIsNotJudgedOverTooFewTicksNorWhenBothRoundsLoseAlike() {
        Interleaved.Result fewTicks = runWithSteal(machine(Interleaved.MIN_TICKS - 1, 1, 0, 1, 0, 1, 0));
        assertThat(fewTicks.rerun()).isZero();

        resumes.clear();
        Interleaved.Result slight = runWithSteal(machine(100, 0.04, 0, 0.04, 0, 0, 0.04));
        assertThat(slight.rerun()).as("differences under 5 points").isZero();

        resumes.clear();
        Interleaved.Result even = runWithSteal(machine(100, 0.40, 0.38, 0.30, 0.30, 0.50, 0.47));
        assertThat(even.rerun()).as("much steal, but alike on both sides").isZero();
        assertThat(resumes).hasSize(8);
    }

    @Test
    void aCountThatStopsMovingHasSettled() {
        Fake side = new Fake("p2p", 1);
        side.drainLeft = 5;

        assertThat(Interleaved.settle(side, FAST)).isTrue();
        assertThat(side.drainLeft).isZero();
    }

    /**
     * Counts {@code perMicro} per microsecond of running; after a pause, delivers a few more
     * (its "in-flight messages"), one per read of the count, then stops.
     */
    private final class Fake implements Contender {
        private static final int IN_FLIGHT = 3;
        private final String name;
        private final long perMicro;
        Fake other;
        /** Resumes during which each run counts twice as fast as the previous one. */
        int speedsUpFor;
        private long speed = 1;
        volatile boolean running;
        volatile int drainLeft;
        private long base;
        private long startedAt;

        Fake(String name, long perMicro) {
            this.name = name;
            this.perMicro = perMicro;
        }

        /** The other side, each knowing the other (to check that they never run at once). */
        Fake against(String otherName, long otherPerMicro) {
            Fake o = new Fake(otherName, otherPerMicro);
            other = o;
            o.other = this;
            return o;
        }

        @Override
        public synchronized void resume() {
            assertThat(active.compareAndSet(null, name)).as("%s resumed while %s runs", name, active.get()).isTrue();
            assertThat(other == null ? 0 : other.drainLeft).as("%s resumed before %s drained", name, other).isZero();
            resumes.add(name);
            if (speedsUpFor > 0) {
                speedsUpFor--;
                speed *= 2;
            }
            startedAt = System.nanoTime();
            running = true;
        }

        @Override
        public synchronized void pause() {
            assertThat(active.compareAndSet(name, null)).as("%s paused while not running", name).isTrue();
            base = count();
            running = false;
            drainLeft = IN_FLIGHT;
        }

        @Override
        public synchronized long count() {
            if (running) {
                return base + (System.nanoTime() - startedAt) / 1000 * perMicro * speed;
            }
            if (drainLeft > 0) {
                drainLeft--;
                base++;
            }
            return base;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
