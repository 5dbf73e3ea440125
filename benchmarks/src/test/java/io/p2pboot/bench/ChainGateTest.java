package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChainGateTest {

    @Test
    void aPausedGateHoldsEveryChainAndOpeningHandsThemBack() {
        ChainGate gate = new ChainGate(3, "chains");
        assertThat(gate.open()).as("all three start idle").isEqualTo(3);
        assertThat(gate.mayGoOn()).isTrue();
        assertThat(gate.open()).as("none idle while open").isZero();
    }

    @Test
    void closingWaitsForTheChainsStillInAStep() throws Exception {
        ChainGate gate = new ChainGate(2, "chains");
        gate.open();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(gate::closeAndWait);
        // the first chain goes on until the gate is closed, then stops
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (gate.mayGoOn()) {
                Thread.onSpinWait();
            }
        });
        assertThat(closed).as("one chain is still in its step").isNotDone();
        assertThat(gate.mayGoOn()).isFalse();
        closed.get(5, TimeUnit.SECONDS);
        assertThat(gate.open()).isEqualTo(2);
    }
}
