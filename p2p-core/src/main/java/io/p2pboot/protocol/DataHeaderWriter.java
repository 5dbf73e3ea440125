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

    /** The 128-byte DATA header announcing {@code size} bytes of {@code type}, as a new array. */
    public static byte[] bytes(int size, DataType type) {
        byte[] wire = new byte[Header.SIZE];
        write(Unpooled.wrappedBuffer(wire).clear(), size, type);
        return wire;
    }

    private static void writeDecimal(ByteBuf out, int value) {
        if (value == 0) {
            out.writeByte('0');
            return;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        for (int i = end - 1, v = value; i >= out.writerIndex(); i--, v /= 10) {
            out.setByte(i, '0' + v % 10);
        }
        out.writerIndex(end);
    }
}
