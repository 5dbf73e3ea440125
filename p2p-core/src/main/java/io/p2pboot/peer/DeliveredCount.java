package io.p2pboot.peer;

/**
 * What a session's handlers have handled, on a cache line of its own: the handler's thread writes
 * it for every message, while the receiving event loop reads the session's epoch and link number
 * for every message. On the session's own line, each write took the line from the loop and each
 * read of the loop took it back (async-profiler: {@code Session.delivered} was a sixth of the
 * handler thread's samples at 64 B).
 */
final class DeliveredCount extends DeliveredCountFields {
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;
}

abstract class DeliveredCountFields extends LinePadding {
    /** The number of the last message handled. */
    volatile long seq;
    /** Bytes handled since the last ACK: a hint for when to send the next one, so written without a fence. */
    long bytesSinceAck;
}
