package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;

/**
 * Parses DATA headers on one thread, remembering the last one: a connection that sends messages
 * of one size and type repeats the same 128 bytes, and comparing them with the last header is a
 * fraction of parsing them again. The parse depends on the bytes alone, so the memory is shared
 * by all connections of an event loop (one per thread, not per connection: idle connections stay
 * small) and a header from another connection merely misses.
 */
final class DataHeaderParser {

    private static final FastThreadLocal<DataHeaderParser> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected DataHeaderParser initialValue() {
            return new DataHeaderParser();
        }
    };

    /** Where the header at hand is copied to (one bulk copy, then plain array reads). */
    private byte[] scratch = new byte[Header.SIZE];
    /** The last header parsed on the fast path, and what it parsed to. */
    private byte[] last = new byte[Header.SIZE];
    private long lastParsed = Header.NOT_FAST;

    /** The parser of the calling thread. */
    static DataHeaderParser current() {
        return PER_THREAD.get();
    }

    /**
     * As {@link Header#parseDataHeaderFast(byte[])}, for the header at {@code index}:
     * {@code (size << 2) | typeOrdinal}, or {@link Header#NOT_FAST} when the precise decoder
     * must look.
     */
    long parse(ByteBuf buf, int index) {
        if (buf.getByte(index) != 'D') {
            return Header.NOT_FAST;
        }
        byte[] h = scratch;
        buf.getBytes(index, h, 0, Header.SIZE);
        if (lastParsed != Header.NOT_FAST && Arrays.equals(h, last)) {
            return lastParsed;
        }
        long parsed = Header.parseDataHeaderFast(h);
        if (parsed != Header.NOT_FAST) {
            scratch = last; // keep this header's bytes as the last: swap, no copy
            last = h;
            lastParsed = parsed;
        }
        return parsed;
    }
}
