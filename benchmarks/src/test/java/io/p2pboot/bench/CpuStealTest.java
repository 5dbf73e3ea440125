package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuStealTest {

    @Test
    void theStolenShareIsStealTicksOverAllTicksUpToSteal() {
        CpuSteal.Ticks before = CpuSteal.parse("cpu  100 0 50 800 10 0 5 35 0 0");
        CpuSteal.Ticks after = CpuSteal.parse("cpu  200 0 100 900 10 0 5 135 70 0");

        assertThat(before.total()).isEqualTo(1000);
        assertThat(after.total()).as("guest ticks are already in user").isEqualTo(1350);
        assertThat(after.stolenSince(before)).isCloseTo(100.0 / 350, within(1e-9));
        assertThat(before.stolenSince(before)).isZero();
    }

    @Test
    void aKernelWithoutAStealFieldStealsNothing() {
        assertThat(CpuSteal.parse("cpu 1 2 3 4").steal()).isZero();
    }

    @Test
    void anotherLineIsRefused() {
        assertThatThrownBy(() -> CpuSteal.parse("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisMachineCanBeRead() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(CpuSteal.now()).isNotNull();
            assertThat(CpuSteal.now().total()).isPositive();
        }
    }
}
