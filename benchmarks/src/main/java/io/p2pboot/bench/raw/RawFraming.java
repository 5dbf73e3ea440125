package io.p2pboot.bench.raw;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The peer protocol's 128-byte header, written by hand: what a raw program would send. */
public final class RawFraming {

    public static final int HEADER = 128;
    private static final int SIZE_OFFSET = "DATA|data_size=".length();

    private RawFraming() {
    }

    /** {@code DATA|data_size=N&data_type=bytes} padded with {@code |}. */
    public static byte[] dataHeader(int size) {
        return padded("DATA|data_size=" + size + "&data_type=bytes");
    }

    public static byte[] padded(String text) {
        byte[] b = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), HEADER);
        Arrays.fill(b, text.length(), HEADER, (byte) '|');
        return b;
    }

    /** Reads data_size from a DATA header at {@code index} (digits after {@code data_size=}). */
    public static int dataSize(io.netty.buffer.ByteBuf in, int index) {
        int i = index + SIZE_OFFSET;
        int v = 0;
        byte c;
        while ((c = in.getByte(i++)) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The same, in a NIO buffer (for the blocking limit). */
    public static int dataSize(java.nio.ByteBuffer in, int index) {
        int i = index + SIZE_OFFSET;
        int v = 0;
        byte c;
        while ((c = in.get(i++)) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
