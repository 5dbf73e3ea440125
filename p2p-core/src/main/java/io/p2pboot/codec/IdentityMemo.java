package io.p2pboot.codec;

import org.jspecify.annotations.Nullable;

/**
 * The pickler's memo: object identity to memo index, as CPython's memo maps {@code id(obj)}.
 * An open-addressing table (linear probing, at most half full) with indices stored unboxed: the
 * first probe of a new key is one cache miss in a large pickle, and nothing is allocated per key.
 */
final class IdentityMemo {

    private @Nullable Object[] keys = new Object[32];
    private int[] values = new int[32];
    private int size;

    int size() {
        return size;
    }

    /** The index of {@code key}, or -1. */
    int get(Object key) {
        int mask = keys.length - 1;
        int h = System.identityHashCode(key);
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Object k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == null) {
                return -1;
            }
        }
    }

    /** Gives {@code key}, not yet in the memo, the next index. */
    void add(Object key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key, size++);
    }

    /** The index of {@code key}; or -1, and then {@code key} gets the next index (one probe for both). */
    int getOrAdd(Object key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int h = System.identityHashCode(key);
        int i = spread(h) & mask;
        for (Object k = keys[i]; k != null; k = keys[i]) {
            if (k == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = size++;
        return -1;
    }

    private void insert(Object key, int value) {
        int mask = keys.length - 1;
        int i = spread(System.identityHashCode(key)) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        @Nullable Object[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Object[oldKeys.length * 2];
        values = new int[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int spread(int h) {
        return h * 0x9E3779B9 >>> 7 ^ h;
    }
}
