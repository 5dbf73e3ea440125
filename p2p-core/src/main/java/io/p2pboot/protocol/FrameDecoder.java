package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * thread. A larger payload is not copied here at all: it is collected as it arrives
 * ({@link LargePayload}) into a composite buffer that the handler's thread turns into the value.
 * The event loop then only reads, the one copy into the value's array is made beside it, and
 * memory grows with the bytes received, not with the size a peer announces.
 *
 * <p>Until {@link #handshakeDone()}, a decoder made to {@link #awaitHandshake await a handshake}
 * reads only the headers that handshake allows ({@link HandshakeGate}): anything else, a DATA
 * header above all, fails at its header, so a peer that has not been accepted cannot make this
 * side buffer a payload. Sizes are checked, and a stream's size agreed, by {@link MessageSizes}.
 *
 * <p>Every payload is paid for from the peer's {@link InboundMemory} ({@link PayloadMemory}): its
 * announced size is reserved at its header (for a stream, at its first byte), and the frame's
 * consumer gives it back once the message was handled. When it does not fit, the connection
 * stops reading until it does; what the socket had already delivered waits undecoded (at most
 * one read). Nothing is refused for want of memory, and the bound holds for all connections
 * together.
 *
 * <p>Not sharable; all methods must be called on the channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Payloads from this size on are collected as slices of the receive buffers, not copied on the event loop. */
    public static final int LARGE_PAYLOAD = 16 * 1024;

    /**
     * The default bound on one payload, 16 MiB: the one default of {@code PeerConfig.maxMessageSize}
     * and of {@code p2p.max-message-size}.
     */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 << 20;

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

    private static final byte[] EMPTY = new byte[0];

    private final MessageSizes sizes;
    /** Only while a handshake is pending. */
    private @Nullable HandshakeGate handshake;
    private final PayloadMemory memory;
    /** Made with the first large payload: most connections never get one. */
    private @Nullable LargePayload large;
    private State state = State.HEADER;
    private int pendingSize;
    /** The type of the payload being read; {@code null} before the first. */
    private @Nullable DataType pendingType;
    /** The session fields of the payload being read (0 and false without a session). */
    private long pendingSeq;
    private boolean pendingDup;

    public FrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_SIZE);
    }

    public FrameDecoder(int maxMessageSize) {
        this(maxMessageSize, InboundMemory.unbounded());
    }

    /**
     * @param memory what all connections of the peer may hold together; it must fit a message
     *               of {@code maxMessageSize}
     */
    public FrameDecoder(int maxMessageSize, InboundMemory memory) {
        this.sizes = new MessageSizes(maxMessageSize);
        if (maxMessageSize > memory.limit()) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize
                    + " exceeds the memory all connections may hold (" + memory.limit() + ")");
        }
        this.memory = new PayloadMemory(memory, new PayloadMemory.Listener() {
            @Override
            public void granted(ChannelHandlerContext ctx) {
                decodeWhatWaited(ctx);
            }

            @Override
            public void stalled(ChannelHandlerContext ctx, int size, long heldNanos) {
                state = State.FAILED;
                ctx.fireExceptionCaught(new ProtocolException("a message of " + size + " bytes was still incomplete ("
                        + bufferedBytes() + " bytes received) after " + heldNanos / 1_000_000
                        + " ms, holding memory other connections wait for"));
            }
        });
    }

    /**
     * Reads only headers of these kinds until {@link #handshakeDone()}: any other header, a
     * DATA header above all, fails with a {@link ProtocolException} at once, before a payload
     * byte is buffered. Call before the channel reads.
     */
    public FrameDecoder awaitHandshake(HeaderKind first, HeaderKind... more) {
        handshake = new HandshakeGate(first, more);
        return this;
    }

    /** The handshake succeeded: from now on every header and payload is read. */
    public void handshakeDone() {
        handshake = null;
    }

    /** Whether the connection stopped reading because its next payload waits for memory. */
    public boolean isWaitingForMemory() {
        return memory.isWaiting();
    }

    public int maxMessageSize() {
        return sizes.max();
    }

    /** Whether the decoder has switched to streaming (even if still learning the size). */
    public boolean isStreaming() {
        return sizes.isStreaming();
    }

    /** The stream's fixed payload size, or 0 when not streaming or not yet learnt. */
    public int streamSize() {
        return sizes.streamSize();
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
        if (state != State.HEADER || sizes.isStreaming()) {
            throw new IllegalStateException("can switch to streaming only once, between messages (state " + state + ")");
        }
        if (sizes.startStreaming(size, type)) {
            state = State.STREAM_FIRST;
        }
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
        if (sizes.fixStreamSize(size) && state == State.HEADER) {
            state = State.STREAM_FIRST;
        }
    }

    /** Bytes received but not yet decoded (an incomplete header or payload); for tests and metrics. */
    int bufferedBytes() {
        ByteBuf cumulation = internalBuffer();
        if (cumulation == null) {
            return 0;
        }
        return cumulation.readableBytes() + (large == null ? 0 : large.readableBytes());
    }

    /** The capacity of the buffers holding a large payload being collected (0 when none is); for tests. */
    int collectingCapacity() {
        return large == null ? 0 : large.capacity();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (memory.isWaiting()) {
            memory.pauseReading(ctx); // something else let it read again; the bytes wait here, undecoded
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
                readHeader(ctx, in, out);
                break;
            case PAYLOAD:
                if (memory.reserve(ctx, pendingSize) && take(ctx, in, out, pendingType, pendingSize)) {
                    state = sizes.streamSize() > 0 ? State.STREAM : State.HEADER;
                }
                break;
            case STREAM_FIRST:
                readFirstStreamed(in);
                if (state != State.STREAM_FIRST) {
                    decodeOne(ctx, in, out); // decided without consuming: decode now, not on the next read
                }
                break;
            case STREAM:
                if (memory.reserve(ctx, sizes.streamSize())) {
                    take(ctx, in, out, sizes.streamType(), sizes.streamSize());
                }
                break;
            default:
                in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        if (in.readableBytes() < Header.SIZE) {
            return;
        }
        int index = in.readerIndex();
        DataHeaderParser parser = DataHeaderParser.current();
        long fast = parser.parse(in, index);
        if (fast != DataHeaderParser.NOT_FAST) {
            in.skipBytes(Header.SIZE);
            pendingSeq = parser.seq();
            pendingDup = parser.duplicate();
            onDataHeader(ctx, DataHeaderParser.size(fast), DataHeaderParser.type(fast), out);
            return;
        }
        Header header = Header.decode(in, index, false);
        in.skipBytes(Header.SIZE);
        if (handshake != null) {
            handshake.check(header.kind());
        }
        if (header.kind() == HeaderKind.DATA) {
            pendingSeq = header.seq();
            pendingDup = header.duplicate();
            onDataHeader(ctx, header.dataSize().orElseThrow(), header.dataType(), out);
        } else {
            out.add(header);
        }
    }

    private void onDataHeader(ChannelHandlerContext ctx, int size, DataType type, List<Object> out)
            throws ProtocolException {
        if (handshake != null) {
            handshake.checkData(size);
        }
        sizes.announced(size);
        if (size == 0) {
            out.add(DataFrame.ofOwnedArray(type, EMPTY).sequenced(pendingSeq, pendingDup));
            return;
        }
        pendingSize = size;
        pendingType = type;
        state = State.PAYLOAD;
        memory.reserve(ctx, size);
    }

    /** The first message of a stream whose size came with HELLO: with its DATA header or without. */
    private void readFirstStreamed(ByteBuf in) {
        switch (sizes.firstStreamed(in)) {
            case HEADER:
                in.skipBytes(Header.SIZE);
                pendingSize = sizes.streamSize();
                pendingType = sizes.streamType();
                pendingSeq = 0;
                pendingDup = false;
                state = State.PAYLOAD;
                break;
            case PAYLOAD:
                state = State.STREAM;
                break;
            default:
                break; // could still be a header: wait for the rest of it
        }
    }

    /** Emits the payload of {@code size} bytes once it is all here; answers whether it did. */
    private boolean take(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, @Nullable DataType type, int size) {
        if (size >= LARGE_PAYLOAD) {
            if (large == null) {
                large = new LargePayload();
            }
            ByteBuf payload = large.add(ctx.alloc(), in, size);
            if (payload == null) {
                return false;
            }
            memory.handedOver(); // the frame's consumer gives the reservation back
            out.add(new DataFrame(type, payload).sequenced(pendingSeq, pendingDup));
            return true;
        }
        if (in.readableBytes() < size) {
            return false;
        }
        byte[] payload = new byte[size];
        in.readBytes(payload);
        memory.handedOver(); // the frame's consumer gives the reservation back
        out.add(DataFrame.ofOwnedArray(type, payload).sequenced(pendingSeq, pendingDup));
        return true;
    }

    /** Memory waited for was granted: decodes what arrived before reading paused. */
    private void decodeWhatWaited(ChannelHandlerContext ctx) {
        ByteBuf waitingBytes = internalBuffer();
        if (waitingBytes != null && waitingBytes.isReadable()) {
            try {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
                channelReadComplete(ctx);
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        memory.afterRead(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        memory.burstEnded();
        if (memory.isWaiting()) {
            // Not the base class's "nothing decoded yet, so read on": reading waits for memory.
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        memory.close();
        if (large != null) {
            large.release();
        }
    }
}
