package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the DATA header of every non-streamed message straight into a buffer, with no String
 * built: the same 128 bytes as {@code Header.data(size, type).encode()}, fields in the Python
 * peer's order ({@code DATA|data_size=N&data_type=T}, padded with {@code |}).
 */
public final class DataHeaderWriter {

    private static final byte[] DATA_PREFIX = "DATA|data_size=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_TYPE_INFIX = "&data_type=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK_PREFIX = "ACK|seq=".getBytes(StandardCharsets.US_ASCII);
    /** What comes before a session message's number ({@link SequencedHeader} writes it too). */
    static final byte[] SEQ_INFIX = "&seq=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUP_SUFFIX = "&dup=True".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PADDING = new byte[Header.SIZE];

    static {
        Arrays.fill(PADDING, Header.PAD);
    }

    private DataHeaderWriter() {
    }

    /** Appends the 128-byte DATA header announcing {@code size} bytes of {@code type} to {@code out}. */
    public static void write(ByteBuf out, int size, DataType type) {
        if (size < 0) {
            throw new IllegalArgumentException("data_size must not be negative: " + size);
        }
        out.ensureWritable(Header.SIZE);
        int start = out.writerIndex();
        out.writeBytes(DATA_PREFIX);
        writeDecimal(out, size);
        out.writeBytes(DATA_TYPE_INFIX);
        out.writeBytes(type.wireBytes());
        int written = out.writerIndex() - start;
        out.writeBytes(PADDING, 0, Header.SIZE - written);
    }

    /**
     * Appends the DATA header of a session's message: as {@link #write(ByteBuf, int, DataType)}, then
     * {@code &seq=K}, and {@code &dup=True} for a message resent to a peer that may have handled it.
     */
    public static void write(ByteBuf out, int size, DataType type, long seq, boolean duplicate) {
        if (size < 0 || seq < 1) {
            throw new IllegalArgumentException("data_size must not be negative (" + size + "), seq must be positive ("
                    + seq + ")");
        }
        out.ensureWritable(Header.SIZE);
        int start = out.writerIndex();
        out.writeBytes(DATA_PREFIX);
        writeDecimal(out, size);
        out.writeBytes(DATA_TYPE_INFIX);
        out.writeBytes(type.wireBytes());
        out.writeBytes(SEQ_INFIX);
        writeDecimal(out, seq);
        if (duplicate) {
            out.writeBytes(DUP_SUFFIX);
        }
        int written = out.writerIndex() - start;
        out.writeBytes(PADDING, 0, Header.SIZE - written);
    }

    /** Appends the 128-byte {@code ACK|seq=K} header, as {@code Header.ack(seq).encode()} writes it. */
    public static void writeAck(ByteBuf out, long seq) {
        out.ensureWritable(Header.SIZE);
        int start = out.writerIndex();
        out.writeBytes(ACK_PREFIX);
        writeDecimal(out, seq);
        out.writeBytes(PADDING, 0, Header.SIZE - (out.writerIndex() - start));
    }

    /** The 128-byte DATA header announcing {@code size} bytes of {@code type}, as a new array. */
    public static byte[] bytes(int size, DataType type) {
        byte[] wire = new byte[Header.SIZE];
        write(Unpooled.wrappedBuffer(wire).clear(), size, type);
        return wire;
    }

    /** Appends {@code value} (not negative) in decimal: its digits made right to left in a small array, written at once. */
    private static void writeDecimal(ByteBuf out, long value) {
        byte[] digits = new byte[20];
        int i = digits.length;
        long v = value;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        out.writeBytes(digits, i, digits.length - i);
    }
}
