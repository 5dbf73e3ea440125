package io.p2pboot.codec;

import io.p2pboot.protocol.ProtocolException;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The unpickler's memo as an array, as CPython's is: an entry costs one slot rather than a hash
 * map node and a boxed key. Picklers number entries from 0 up; an index beyond the next one is
 * accepted, but the slots it skips are counted as objects against the {@link PickleBudget}.
 */
final class PickleMemo {

    private static final Object NONE = new Object();

    private Object[] slots = new Object[4];
    private int size;
    private int high;

    /** Stores {@code value} at {@code index}. */
    void put(long index, @Nullable Object value, PickleBudget budget) throws ProtocolException {
        if (index < 0 || index >= Integer.MAX_VALUE - 8) {
            throw new ProtocolException("raw payload is not a valid pickle: memo index " + index);
        }
        int i = (int) index;
        if (i >= high) {
            budget.allocate(1L + i - high);
            if (i >= slots.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(i + 1L, slots.length * 2L));
                slots = Arrays.copyOf(slots, capacity);
            }
            high = i + 1;
        }
        if (slots[i] == null) {
            size++;
        }
        slots[i] = value == null ? NONE : value;
    }

    /** Stores {@code value} at the next index (MEMOIZE: the number of entries so far). */
    void memoize(@Nullable Object value, PickleBudget budget) throws ProtocolException {
        put(size, value, budget);
    }

    /** The value at {@code index}. */
    @Nullable Object get(long index) throws ProtocolException {
        @Nullable Object value = index >= 0 && index < high ? slots[(int) index] : null;
        if (value == null) {
            throw new ProtocolException("raw payload is not a valid pickle: memo index " + index + " was never stored");
        }
        return value == NONE ? null : value;
    }
}
