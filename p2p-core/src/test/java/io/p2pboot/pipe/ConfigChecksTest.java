package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The messages the configuration classes fail with, word for word. */
class ConfigChecksTest {

    @Test
    void positiveRefusesZeroNegativeAndNullNamingTheSetting() {
        assertThat(ConfigChecks.positive("window", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> ConfigChecks.positive("window", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> ConfigChecks.positive("window", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, was PT-1S");
        assertThatThrownBy(() -> ConfigChecks.positive("window", null))
                .isInstanceOf(NullPointerException.class).hasMessage("window");
    }

    @Test
    void notNegativeTakesZeroAndRefusesLessNamingTheSetting() {
        assertThat(ConfigChecks.notNegative("keepAlive", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> ConfigChecks.notNegative("keepAlive", Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepAlive must not be negative, was PT-0.005S");
        assertThatThrownBy(() -> ConfigChecks.notNegative("keepAlive", null))
                .isInstanceOf(NullPointerException.class).hasMessage("keepAlive");
    }

    @Test
    void atLeastTakesTheMinimumAndRefusesLessNamingTheSetting() {
        assertThat(ConfigChecks.atLeast("send_retry", 0, 0)).isZero();
        assertThatThrownBy(() -> ConfigChecks.atLeast("max_msg_ids", 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max_msg_ids must be at least 1, was 0");
    }
}
