package io.p2pboot.pipe;

import java.time.Duration;
import java.util.Objects;

/**
 * The range checks the configuration classes ({@link PipeConfig}, the peer's and discovery's) run
 * when built: a bad value fails with an {@link IllegalArgumentException} that names the setting
 * and quotes the value.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /** {@code d}, when it is longer than zero; a {@code null} fails with a {@link NullPointerException} naming it. */
    public static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** {@code d}, when it is zero or longer; a {@code null} fails with a {@link NullPointerException} naming it. */
    public static Duration notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d;
    }

    /** {@code value}, when it is at least {@code min}. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }
}
