package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring of unacknowledged messages: order kept across wrap-around and growth, removal from the oldest. */
class UnackedRingTest {

    private final UnackedRing<Integer> ring = new UnackedRing<>();

    private List<Integer> contents() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            all.add(ring.get(i));
        }
        return all;
    }

    @Test
    void removesTheOldestInOrderAcrossTheSeamAndGrowsWhileWrapped() {
        for (int i = 1; i <= 12; i++) {
            ring.add(i);
        }
        assertThat(ring.removeOldest(10)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int i = 13; i <= 26; i++) {
            ring.add(i); // wraps past the end of the first 16 slots
        }
        assertThat(ring.removeOldest(6)).as("across the seam").containsExactly(11, 12, 13, 14, 15, 16);
        for (int i = 27; i <= 60; i++) {
            ring.add(i); // grows while wrapped
        }
        assertThat(contents()).containsExactlyElementsOf(range(17, 60));
        assertThat(ring.oldest()).isEqualTo(17);
        assertThat(ring.removeOldest(ring.size())).containsExactlyElementsOf(range(17, 60));
        assertThat(ring.size()).isZero();
        assertThat(ring.oldest()).isNull();
    }

    @Test
    void refusesToRemoveOrReadMoreThanItHolds() {
        ring.add(1);
        assertThatThrownBy(() -> ring.removeOldest(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ring.removeOldest(0)).isEmpty();
        assertThat(contents()).containsExactly(1);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }
}
