package io.p2pboot.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The highest sequence number a session received, on a cache line of its own. The event loop
 * compares and sets it for every message, while the handler's thread writes the session's
 * delivered count for every message: sharing a line with that (or with anything else written
 * elsewhere), each compare-and-set waited for the line to come back, a tenth of the receiving
 * loop's time at 64 B. The padding fields are never read.
 */
final class ReceivedSeq extends ReceivedSeqValue {
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;

    long get() {
        return value;
    }

    void set(long v) {
        value = v;
    }

    boolean compareAndSet(long expected, long v) {
        return VALUE.compareAndSet(this, expected, v);
    }
}

abstract class ReceivedSeqValue extends LinePadding {
    protected volatile long value;
    static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(ReceivedSeqValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
