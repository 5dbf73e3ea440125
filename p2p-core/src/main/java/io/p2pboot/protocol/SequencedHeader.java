package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * The DATA header of a session's messages of one size and type, kept whole: each message's header
 * is this array with its sequence number's digits put in, written with one copy. Built field by
 * field (prefix, digits, padding: three writes, each with its checks, and an array for the
 * digits) it took a fifth of the sending thread's time at 64 B.
 *
 * <p>Not thread-safe: the session that keeps it writes with it under its lock.
 */
public final class SequencedHeader {

    private final int size;
    private final DataType type;
    /** The 128 bytes on the wire: {@code DATA|data_size=N&data_type=T&seq=}, the last digits, padding. */
    private final byte[] wire = new byte[Header.SIZE];
    /** Where the digits begin. */
    private final int digitsAt;
    /** Where the digits written last end: shorter ones are followed by padding again. */
    private int digitsEnd;

    public SequencedHeader(int size, DataType type) {
        this.size = size;
        this.type = type;
        ByteBuf prefix = Unpooled.wrappedBuffer(wire).clear();
        DataHeaderWriter.write(prefix, size, type); // Peerpy's fields, padded
        int end = Header.SIZE;
        while (wire[end - 1] == Header.PAD) {
            end--;
        }
        System.arraycopy(DataHeaderWriter.SEQ_INFIX, 0, wire, end, DataHeaderWriter.SEQ_INFIX.length);
        digitsAt = end + DataHeaderWriter.SEQ_INFIX.length;
        digitsEnd = digitsAt;
    }

    /** Whether this is the header of messages of {@code size} bytes of {@code type}. */
    public boolean isFor(int size, DataType type) {
        return this.size == size && this.type == type;
    }

    /** Appends the header of the message numbered {@code seq} (positive) to {@code out}. */
    public void write(ByteBuf out, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive: " + seq);
        }
        int end = digitsAt + digits(seq);
        long v = seq;
        for (int i = end - 1; i >= digitsAt; i--) {
            wire[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        if (end < digitsEnd) {
            Arrays.fill(wire, end, digitsEnd, Header.PAD);
        }
        digitsEnd = end;
        out.writeBytes(wire);
    }

    private static int digits(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        return n;
    }
}
