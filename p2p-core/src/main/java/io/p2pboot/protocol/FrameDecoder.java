package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the inbound byte stream into protocol units, however TCP splits or joins them: a
 * {@link Header} for every non-DATA header, and a {@link DataFrame} for every message (a DATA
 * header and exactly {@code data_size} payload bytes, or on a streaming connection a
 * headerless payload of the agreed size). It emits at most one unit per decode step, so that a
 * handler that switches to streaming on a header sees the following bytes decoded that way.
 *
 * <p>An announced size above the maximum message size (or a negative one) fails as soon as the
 * header is read, before any payload is buffered. A violation is reported once as a
 * {@link ProtocolException} through {@code exceptionCaught}; every byte after it is dropped,
 * and the connection layer is expected to close the channel.
 *
 * <p>A payload below {@link #LARGE_PAYLOAD} becomes a byte array of its own
 * ({@link DataFrame#ownedArray()}), copied out of the receive buffer on the event loop: the
 * value a handler gets is that array (for {@code bytes}) or is parsed from it, so this is the
 * one copy a message needs, and no pooled buffer is shared with, or released by, the handler's
 * thread. A larger payload is not copied here at all: it is collected as it arrives, as slices of
 * the receive buffers (pieces under {@code SLICE_MIN} copied together), into a composite buffer
 * that the handler's thread turns into the value. The event loop then only reads, the one copy
 * into the value's array is made beside it, and memory grows with the bytes received, not with
 * the size a peer announces.
 *
 * <p>Not sharable; all methods must be called on the channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Payloads from this size on are collected as slices of the receive buffers, not copied on the event loop. */
    public static final int LARGE_PAYLOAD = 16 * 1024;

    /**
     * Pieces of a large payload at least this long are kept as slices of the receive buffer they
     * came in; shorter ones are copied together, so that a trickle of tiny reads cannot pin a
     * receive buffer for every few bytes.
     */
    private static final int SLICE_MIN = 8 * 1024;

    /** The default bound on one payload: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    private enum State {
        /** Expecting a 128-byte header. */
        HEADER,
        /** A DATA header was read; waiting for its payload. */
        PAYLOAD,
        /** Streaming with a size known in advance; the first message may carry a header. */
        STREAM_FIRST,
        /** Streaming: fixed-size payloads without headers. */
        STREAM,
        /** A violation was reported; everything is dropped. */
        FAILED
    }

    private static final byte[] DATA_BYTES = {'D', 'A', 'T', 'A'};
    private static final byte[] EMPTY = new byte[0];

    private final int maxMessageSize;
    private State state = State.HEADER;
    private int pendingSize;
    private DataType pendingType;
    /** 0 when not streaming or while learning the size from the first DATA header. */
    private int streamSize;
    private DataType streamType;
    private boolean learningStreamSize;
    /** The large payload being collected: slices of receive buffers, and small pieces copied into {@link #tail}. */
    private CompositeByteBuf large;
    /** Small pieces of the large payload, copied here until it holds {@link #SLICE_MIN} bytes. */
    private ByteBuf tail;

    public FrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_SIZE);
    }

    public FrameDecoder(int maxMessageSize) {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Whether the decoder has switched to streaming (even if still learning the size). */
    public boolean isStreaming() {
        return streamSize > 0 || learningStreamSize;
    }

    /** The stream's fixed payload size, or 0 when not streaming or not yet learnt. */
    public int streamSize() {
        return streamSize;
    }

    /**
     * Switches to fixed-size streaming of {@code type} payloads. With {@code size > 0} (known
     * from HELLO), payloads of exactly that size follow without headers, the first one possibly
     * still preceded by its DATA header. With {@code size == 0}, the size is learnt from the next
     * DATA header, after which payloads come without headers. Call between messages, on the
     * event loop (typically while handling the HELLO or ACCEPT header).
     *
     * @throws ProtocolException when the size is negative or above the maximum message size
     */
    public void startStreaming(int size, DataType type) throws ProtocolException {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (state != State.HEADER || isStreaming()) {
            throw new IllegalStateException("can switch to streaming only once, between messages (state " + state + ")");
        }
        checkSize(size);
        streamType = type;
        if (size == 0) {
            learningStreamSize = true;
        } else {
            streamSize = size;
            state = State.STREAM_FIRST;
        }
    }

    /** Bytes received but not yet decoded (an incomplete header or payload); for tests and metrics. */
    int bufferedBytes() {
        ByteBuf cumulation = internalBuffer();
        return cumulation.readableBytes() + (large == null ? 0 : large.readableBytes())
                + (tail == null ? 0 : tail.readableBytes());
    }

    /** The capacity of the buffers holding a large payload being collected (0 when none is); for tests. */
    int collectingCapacity() {
        int held = tail == null ? 0 : tail.capacity();
        if (large != null) {
            for (ByteBuf part : large) {
                held += part.unwrap() != null ? part.unwrap().capacity() : part.capacity();
            }
        }
        return held;
    }

    /**
     * Fixes the size of a stream that is still learning it, because this side sent the first
     * message (the size is one value for both directions). The peer's first message may then
     * come with or without its header. A no-op when the same size is already known.
     *
     * @throws ProtocolException when a different size was already learnt, or the size is not
     *                           within 1 and the maximum message size
     */
    public void fixStreamSize(int size) throws ProtocolException {
        if (!isStreaming()) {
            throw new IllegalStateException("not streaming");
        }
        if (!learningStreamSize) {
            if (size != streamSize) {
                throw new ProtocolException("stream size " + size + " conflicts with the size "
                        + streamSize + " already agreed");
            }
            return;
        }
        checkSize(size);
        if (size == 0) {
            throw new ProtocolException("a stream cannot have data_size 0");
        }
        learningStreamSize = false;
        streamSize = size;
        if (state == State.HEADER) {
            state = State.STREAM_FIRST;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeOne(ctx, in, out);
        } catch (ProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(e);
        }
    }

    private void decodeOne(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        switch (state) {
            case HEADER:
                readHeader(in, out);
                break;
            case PAYLOAD:
                if (take(ctx, in, out, pendingType, pendingSize)) {
                    state = streamSize > 0 ? State.STREAM : State.HEADER;
                }
                break;
            case STREAM_FIRST:
                readFirstStreamed(in);
                if (state != State.STREAM_FIRST) {
                    decodeOne(ctx, in, out); // decided without consuming: decode now, not on the next read
                }
                break;
            case STREAM:
                take(ctx, in, out, streamType, streamSize);
                break;
            default:
                in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ByteBuf in, List<Object> out) throws ProtocolException {
        if (in.readableBytes() < Header.SIZE) {
            return;
        }
        int index = in.readerIndex();
        long fast = DataHeaderParser.current().parse(in, index);
        if (fast != Header.NOT_FAST) {
            in.skipBytes(Header.SIZE);
            onDataHeader((int) (fast >>> 2), Header.TYPES[(int) (fast & 3)], out);
            return;
        }
        Header header = Header.decode(in, index, false);
        in.skipBytes(Header.SIZE);
        if (header.kind() == HeaderKind.DATA) {
            onDataHeader(header.dataSize().orElseThrow(), header.dataType(), out);
        } else {
            out.add(header);
        }
    }

    private void onDataHeader(int size, DataType type, List<Object> out) throws ProtocolException {
        checkSize(size);
        if (learningStreamSize) {
            if (size == 0) {
                throw new ProtocolException("the first DATA header of a stream announces data_size 0");
            }
            learningStreamSize = false;
            streamSize = size;
        }
        if (size == 0) {
            out.add(DataFrame.ofOwnedArray(type, EMPTY));
            return;
        }
        pendingSize = size;
        pendingType = type;
        state = State.PAYLOAD;
    }

    /**
     * The first message of a stream whose size came with HELLO: a header only if the first 128
     * bytes are a DATA header announcing exactly the stream size; otherwise payload.
     */
    private void readFirstStreamed(ByteBuf in) {
        int readable = in.readableBytes();
        int index = in.readerIndex();
        int prefix = Math.min(readable, DATA_BYTES.length);
        for (int i = 0; i < prefix; i++) {
            if (in.getByte(index + i) != DATA_BYTES[i]) {
                state = State.STREAM;
                return;
            }
        }
        if (readable < Header.SIZE) {
            return; // could still be a header: wait for the rest of it
        }
        long fast = DataHeaderParser.current().parse(in, index);
        boolean header;
        if (fast != Header.NOT_FAST) {
            header = (fast >>> 2) == streamSize;
        } else {
            header = isDataHeaderOfSize(in, index, streamSize);
        }
        if (header) {
            in.skipBytes(Header.SIZE);
            pendingSize = streamSize;
            pendingType = streamType;
            state = State.PAYLOAD;
        } else {
            state = State.STREAM;
        }
    }

    private static boolean isDataHeaderOfSize(ByteBuf in, int index, int size) {
        try {
            Header h = Header.decode(in, index, true);
            return h.kind() == HeaderKind.DATA && h.dataSize().orElse(-1) == size;
        } catch (ProtocolException notAHeader) {
            return false;
        }
    }

    private void checkSize(int size) throws ProtocolException {
        if (size < 0) {
            throw new ProtocolException("data_size " + size + " is negative");
        }
        if (size > maxMessageSize) {
            throw new ProtocolException("data_size " + size + " exceeds the maximum message size " + maxMessageSize);
        }
    }

    /** Emits the payload of {@code size} bytes once it is all here; answers whether it did. */
    private boolean take(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, DataType type, int size) {
        if (size >= LARGE_PAYLOAD) {
            return collectLarge(ctx, in, out, type, size);
        }
        if (in.readableBytes() < size) {
            return false;
        }
        byte[] payload = new byte[size];
        in.readBytes(payload);
        out.add(DataFrame.ofOwnedArray(type, payload));
        return true;
    }

    private boolean collectLarge(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, DataType type, int size) {
        int held = (large == null ? 0 : large.readableBytes()) + (tail == null ? 0 : tail.readableBytes());
        int n = Math.min(in.readableBytes(), size - held);
        if (large == null) {
            large = ctx.alloc().compositeBuffer(Integer.MAX_VALUE); // never consolidated: no copy
        }
        if (n >= SLICE_MIN) {
            addTail();
            large.addComponent(true, in.readRetainedSlice(n));
        } else if (n > 0) {
            if (tail == null) {
                tail = ctx.alloc().buffer(Math.min(SLICE_MIN, size - held));
            } else if (tail.writableBytes() < n) {
                addTail();
                tail = ctx.alloc().buffer(Math.min(SLICE_MIN, size - held));
            }
            tail.writeBytes(in, n);
        }
        if (held + n < size) {
            return false;
        }
        addTail();
        out.add(new DataFrame(type, large));
        large = null;
        return true;
    }

    private void addTail() {
        if (tail != null) {
            large.addComponent(true, tail);
            tail = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (tail != null) {
            tail.release();
            tail = null;
        }
        if (large != null) {
            large.release();
            large = null;
        }
    }
}
