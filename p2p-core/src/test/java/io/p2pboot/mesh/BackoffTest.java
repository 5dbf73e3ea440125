package io.p2pboot.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3.0);

    @Test
    void waitsGrowByTheMultiplierUpToTheLongest() {
        assertThat(backoff.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(300));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(900));
        assertThat(backoff.delay(4, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1_000, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterSpreadsEachWaitByAFifthEitherWay() {
        assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(240));
        assertThat(backoff.delay(2, () -> 0.999_999)).isBetween(Duration.ofMillis(359), Duration.ofMillis(360));
        assertThat(backoff.delay(50, () -> 0.0)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheirValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2))
                .withMessageContaining("PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
                .withMessageContaining("shorter than the first");
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5))
                .withMessageContaining("0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN))
                .withMessageContaining("NaN");
    }
}
