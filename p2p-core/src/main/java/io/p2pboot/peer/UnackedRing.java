package io.p2pboot.peer;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A session's messages sent and not yet acknowledged, oldest first, in a ring that grows as
 * needed. Their numbers are consecutive, so the message an ACK names is found by arithmetic: an
 * ACK covering a thousand small messages touches two of them under the session's lock, not each
 * (walking a chain of them there kept the sending thread waiting). Not thread-safe: the session's
 * lock guards it.
 *
 * @param <T> what is kept for each message
 */
final class UnackedRing<T> {

    private Object[] slots = new Object[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    /** The {@code i}-th oldest, from 0. */
    @SuppressWarnings("unchecked")
    T get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return (T) slots[(head + i) & (slots.length - 1)];
    }

    /** The oldest, or {@code null} when empty. */
    @Nullable T oldest() {
        return size == 0 ? null : get(0);
    }

    void add(T item) {
        if (size == slots.length) {
            Object[] bigger = new Object[slots.length * 2];
            int tail = slots.length - head;
            System.arraycopy(slots, head, bigger, 0, tail);
            System.arraycopy(slots, 0, bigger, tail, head);
            slots = bigger;
            head = 0;
        }
        slots[(head + size) & (slots.length - 1)] = item;
        size++;
    }

    /** Removes the {@code n} oldest and returns them, oldest first, in an array of their own. */
    Object[] removeOldest(int n) {
        if (n < 0 || n > size) {
            throw new IndexOutOfBoundsException(n + " of " + size);
        }
        Object[] taken = new Object[n];
        int first = Math.min(n, slots.length - head);
        System.arraycopy(slots, head, taken, 0, first);
        System.arraycopy(slots, 0, taken, first, n - first);
        if (first == n) {
            Arrays.fill(slots, head, head + n, null);
        } else {
            Arrays.fill(slots, head, slots.length, null);
            Arrays.fill(slots, 0, n - first, null);
        }
        head = (head + n) & (slots.length - 1);
        size -= n;
        if (size == 0) {
            head = 0;
        }
        return taken;
    }
}
