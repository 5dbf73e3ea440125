package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a plain DATA header without building a String, the receive path's fast lane: anything
 * unusual is left to the precise {@link Header#decode(ByteBuf, int, boolean)}, which gives the
 * reason a header is refused.
 *
 * <p>One parser per thread remembers the last header it read: a connection that sends messages
 * of one size and type repeats the same 128 bytes, and comparing them with the last header is a
 * fraction of parsing them again. The parse depends on the bytes alone, so the memory is shared
 * by all connections of an event loop (one per thread, not per connection: idle connections stay
 * small) and a header from another connection merely misses.
 */
final class DataHeaderParser {

    /** What {@link #parse} answers when the fast path does not apply. */
    static final long NOT_FAST = -1;

    private static final FastThreadLocal<DataHeaderParser> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected DataHeaderParser initialValue() {
            return new DataHeaderParser();
        }
    };

    /** {@code DataType.values()} once: {@code values()} clones its array on every call. */
    private static final DataType[] TYPES = DataType.values();
    private static final byte[] DATA_SIZE_KEY = Header.DATA_SIZE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_TYPE_KEY = Header.DATA_TYPE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ_KEY = Header.SEQ.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUP_KEY = Header.DUP.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "True".getBytes(StandardCharsets.US_ASCII);

    /** Where the header at hand is copied to (one bulk copy, then plain array reads). */
    private byte[] scratch = new byte[Header.SIZE];
    /** The last header parsed on the fast path, and what it parsed to. */
    private byte[] last = new byte[Header.SIZE];
    private long lastParsed = NOT_FAST;
    private long lastSeq;
    private boolean lastDup;
    /** The session fields of the header parsed last (0 and false without them); see {@link #seq()}. */
    private long seq;
    private boolean dup;
    /** Where the digits of {@code seq} begin in {@link #last}, when it is its last field (a session's header); else 0. */
    private int lastSeqAt;

    /** The parser of the calling thread. */
    static DataHeaderParser current() {
        return PER_THREAD.get();
    }

    /** The payload size of a header {@link #parse} read. */
    static int size(long parsed) {
        return (int) (parsed >>> 2);
    }

    /** The sequence number of the header {@link #parse} read last, 0 when it had none (no session). */
    long seq() {
        return seq;
    }

    /** Whether the header {@link #parse} read last marked its message as a possible duplicate. */
    boolean duplicate() {
        return dup;
    }

    /** The data type of a header {@link #parse} read. */
    static DataType type(long parsed) {
        return TYPES[(int) (parsed & 3)];
    }

    /**
     * Reads the header at {@code index} without moving the buffer's indexes: answers
     * {@code (size << 2) | typeOrdinal} (see {@link #size} and {@link #type}), or
     * {@link #NOT_FAST} whenever anything is unusual (not DATA, non-ASCII, odd or missing fields,
     * size out of int range), in which case the caller decodes the slow, precise way.
     */
    long parse(ByteBuf buf, int index) {
        if (buf.getByte(index) != 'D') {
            return NOT_FAST;
        }
        byte[] h = scratch;
        buf.getBytes(index, h, 0, Header.SIZE);
        if (lastParsed != NOT_FAST && Arrays.equals(h, last)) {
            seq = lastSeq;
            dup = lastDup;
            return lastParsed;
        }
        if (lastSeqAt > 0 && Arrays.equals(h, 0, lastSeqAt, last, 0, lastSeqAt)) {
            // a session's headers differ from the last only in their seq: read just that
            long n = seqDigits(h, lastSeqAt);
            if (n > 0) {
                seq = n;
                dup = false;
                return lastParsed;
            }
        }
        long parsed = parseCopy(h);
        if (parsed != NOT_FAST) {
            scratch = last; // keep this header's bytes as the last: swap, no copy
            last = h;
            lastParsed = parsed;
            lastSeq = seq;
            lastDup = dup;
        }
        return parsed;
    }

    /** The seq whose digits begin at {@code from} and are followed only by padding; 0 when they are not. */
    private static long seqDigits(byte[] h, int from) {
        long n = 0;
        int i = from;
        while (i < Header.SIZE && i - from < 18 && h[i] >= '0' && h[i] <= '9') {
            n = n * 10 + (h[i] - '0');
            i++;
        }
        if (i == from || !Arrays.equals(h, i, Header.SIZE, PADDING, 0, Header.SIZE - i)) {
            return 0; // no digits, or something after them (one compare of the rest, not a loop per byte)
        }
        return n;
    }

    /** A header's worth of padding, to compare a header's end with. */
    private static final byte[] PADDING = padding();

    private static byte[] padding() {
        byte[] pad = new byte[Header.SIZE];
        Arrays.fill(pad, Header.PAD);
        return pad;
    }

    /** As {@link #parse(ByteBuf, int)}, for a copy of the header's {@link Header#SIZE} bytes. */
    private long parseCopy(byte[] h) {
        seq = 0;
        dup = false;
        lastSeqAt = 0;
        int seqLast = 0;
        if (h[0] != 'D' || h[1] != 'A' || h[2] != 'T' || h[3] != 'A') {
            return NOT_FAST;
        }
        int high = 0;
        for (int i = 4; i < Header.SIZE; i++) {
            high |= h[i];
        }
        if (high < 0) {
            return NOT_FAST; // not ASCII
        }
        int i = indexOf(h, 4, Header.SIZE, Header.PAD);
        if (i < 0) {
            return NOT_FAST;
        }
        i++;
        int listEnd = indexOf(h, i, Header.SIZE, Header.PAD);
        if (listEnd < 0) {
            listEnd = Header.SIZE;
        }
        long size = -1;
        int type = -1;
        while (i < listEnd) {
            int amp = indexOf(h, i, listEnd, (byte) '&');
            int partEnd = amp < 0 ? listEnd : amp;
            int eq = indexOf(h, i, partEnd, (byte) '=');
            if (eq < 0) {
                return NOT_FAST;
            }
            if (matches(h, i, eq, DATA_SIZE_KEY)) {
                size = digits(h, eq + 1, partEnd);
                if (size < 0) {
                    return NOT_FAST;
                }
            } else if (matches(h, i, eq, DATA_TYPE_KEY)) {
                type = typeOrdinal(h, eq + 1, partEnd);
                if (type < 0) {
                    return NOT_FAST;
                }
            } else if (matches(h, i, eq, SEQ_KEY)) {
                seq = longDigits(h, eq + 1, partEnd);
                if (seq < 0) {
                    return NOT_FAST;
                }
                seqLast = amp < 0 && listEnd == partEnd ? eq + 1 : 0;
            } else if (matches(h, i, eq, DUP_KEY)) {
                if (!matches(h, eq + 1, partEnd, TRUE)) {
                    return NOT_FAST; // False, or another spelling: the precise path reads it
                }
                dup = true;
            }
            if (amp < 0) {
                break;
            }
            i = amp + 1;
            if (i == listEnd) {
                return NOT_FAST;
            }
        }
        if (size < 0 || type < 0) {
            return NOT_FAST;
        }
        lastSeqAt = seq > 0 && !dup ? seqLast : 0;
        return (size << 2) | type;
    }

    private static int indexOf(byte[] h, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (h[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] h, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (h[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** A decimal of at most 10 digits within int range; -1 otherwise. */
    private static long digits(byte[] h, int from, int to) {
        long n = longDigits(h, from, to);
        return to - from > 10 || n > Integer.MAX_VALUE ? -1 : n;
    }

    /** A decimal of 1 to 18 digits; -1 otherwise. */
    private static long longDigits(byte[] h, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int k = from; k < to; k++) {
            byte b = h[k];
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private static int typeOrdinal(byte[] h, int from, int to) {
        for (DataType t : TYPES) {
            if (matches(h, from, to, t.wireBytes())) {
                return t.ordinal();
            }
        }
        return -1;
    }
}
