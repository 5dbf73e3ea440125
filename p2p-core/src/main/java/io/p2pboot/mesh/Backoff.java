package io.p2pboot.mesh;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The wait before a re-dial: {@code initial × multiplier^(attempt-1)}, capped at {@code max}, then
 * spread by ±{@value #JITTER_PERCENT} % so that peers that lost each other at the same moment do
 * not dial again in step.
 *
 * @param initial the wait before the first re-dial
 * @param max the longest wait
 * @param multiplier how much each failed attempt lengthens the wait (at least 1)
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

    static final int JITTER_PERCENT = 20;

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial back-off must be positive, not " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest back-off (" + max + ") is shorter than the first (" + initial + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the back-off multiplier must be at least 1, not " + multiplier);
        }
    }

    /** 500 ms, doubling, at most 30 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0);
    }

    /**
     * The wait before re-dial number {@code attempt} (1 for the first).
     *
     * @param random a value in [0, 1) that places the wait within the jitter
     */
    Duration delay(int attempt, DoubleSupplier random) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toNanos());
        double spread = 1 + JITTER_PERCENT / 100.0 * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos((long) (capped * spread));
    }
}
