package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The sizes a connection's messages may have: none above the maximum message size, and on a
 * streaming connection exactly the stream's size, which is agreed in HELLO, fixed by the first
 * message this side sends, or learnt from the first DATA header received (one size for both
 * directions).
 */
final class MessageSizes {

    private final int max;
    /** 0 when not streaming, or while the size is still to be learnt. */
    private int streamSize;
    /** {@code null} until streaming starts. */
    private @Nullable DataType streamType;
    private boolean learning;

    MessageSizes(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /**
     * @throws ProtocolException when {@code size} is negative or above the maximum
     */
    void check(int size) throws ProtocolException {
        if (size < 0) {
            throw new ProtocolException("data_size " + size + " is negative");
        }
        if (size > max) {
            throw new ProtocolException("data_size " + size + " exceeds the maximum message size " + max);
        }
    }

    /** Whether the connection streams (even if the size is still to be learnt). */
    boolean isStreaming() {
        return streamSize > 0 || learning;
    }

    /** The stream's payload size, or 0 when not streaming or not yet known. */
    int streamSize() {
        return streamSize;
    }

    /** The stream's data type; {@code null} when not streaming. */
    @Nullable DataType streamType() {
        return streamType;
    }

    /**
     * Streams payloads of {@code type}, of {@code size} bytes, or with {@code size == 0} of the
     * size the first DATA header announces; answers whether the size is known now.
     *
     * @throws ProtocolException when the size is negative or above the maximum
     */
    boolean startStreaming(int size, DataType type) throws ProtocolException {
        check(size);
        streamType = type;
        if (size == 0) {
            learning = true;
            return false;
        }
        streamSize = size;
        return true;
    }

    /**
     * This side sent a stream's first message, of {@code size} bytes: answers whether that
     * fixed the size now (it was still to be learnt); a no-op when it is the size agreed.
     *
     * @throws ProtocolException when another size was agreed, or the size is not within 1 and
     *                           the maximum
     */
    boolean fixStreamSize(int size) throws ProtocolException {
        if (!isStreaming()) {
            throw new IllegalStateException("not streaming");
        }
        if (!learning) {
            if (size != streamSize) {
                throw new ProtocolException("stream size " + size + " conflicts with the size "
                        + streamSize + " already agreed");
            }
            return false;
        }
        check(size);
        if (size == 0) {
            throw new ProtocolException("a stream cannot have data_size 0");
        }
        learning = false;
        streamSize = size;
        return true;
    }

    /**
     * A DATA header announced {@code size} bytes: checks them, and makes them the stream's size
     * when it is still to be learnt.
     *
     * @throws ProtocolException when the size is out of bounds, or 0 on a stream learning its size
     */
    void announced(int size) throws ProtocolException {
        check(size);
        if (learning) {
            if (size == 0) {
                throw new ProtocolException("the first DATA header of a stream announces data_size 0");
            }
            learning = false;
            streamSize = size;
        }
    }

    /** What the first bytes of a stream whose size came with HELLO are. */
    enum FirstStreamed {
        /** Too few bytes to tell. */
        UNDECIDED,
        /** A DATA header announcing exactly the stream's size, its payload after it. */
        HEADER,
        /** The payload itself. */
        PAYLOAD
    }

    private static final byte[] DATA_BYTES = {'D', 'A', 'T', 'A'};

    /**
     * Whether the stream's first message starts at {@code in}'s reader index with its header:
     * only if its first 128 bytes are a DATA header announcing exactly the stream's size.
     * Reads without moving the buffer's indexes.
     */
    FirstStreamed firstStreamed(ByteBuf in) {
        int readable = in.readableBytes();
        int index = in.readerIndex();
        int prefix = Math.min(readable, DATA_BYTES.length);
        for (int i = 0; i < prefix; i++) {
            if (in.getByte(index + i) != DATA_BYTES[i]) {
                return FirstStreamed.PAYLOAD;
            }
        }
        if (readable < Header.SIZE) {
            return FirstStreamed.UNDECIDED;
        }
        long fast = DataHeaderParser.current().parse(in, index);
        boolean header;
        if (fast != DataHeaderParser.NOT_FAST) {
            header = DataHeaderParser.size(fast) == streamSize;
        } else {
            header = isDataHeaderOfSize(in, index, streamSize);
        }
        return header ? FirstStreamed.HEADER : FirstStreamed.PAYLOAD;
    }

    private static boolean isDataHeaderOfSize(ByteBuf in, int index, int size) {
        try {
            Header h = Header.decode(in, index, true);
            return h.kind() == HeaderKind.DATA && h.dataSize().orElse(-1) == size;
        } catch (ProtocolException notAHeader) {
            return false;
        }
    }
}
