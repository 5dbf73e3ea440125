package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
 * <p>Until {@link #handshakeDone()}, a decoder made to {@link #awaitHandshake await a handshake}
 * reads only the headers that handshake allows: anything else, a DATA header above all, fails
 * at its header, so a peer that has not been accepted cannot make this side buffer a payload.
 *
 * <p>Every payload is paid for from the peer's {@link InboundMemory}: its announced size is
 * reserved at its header (for a stream, at its first byte), and the frame's consumer gives it
 * back once the message was handled. When it does not fit, the connection stops reading until
 * it does; what the socket had already delivered waits undecoded (at most one read). Nothing is
 * refused for want of memory, and the bound holds for all connections together.
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

    /** What a read burst takes from the memory pool at once for its small messages. */
    private static final int BURST_CREDIT = 64 * 1024;

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
    private final InboundMemory memory;
    /** The only headers read until the handshake is done; {@code null} once it is (or without one). */
    private Set<HeaderKind> handshake;
    /** Bytes reserved for the payload being collected; handed over with its frame. */
    private int reserved;
    /**
     * Bytes taken from the memory pool in one go for the small messages of a read burst, not yet
     * spent on a payload: one atomic operation on the shared pool per burst, not one per message.
     * Given back when the burst ends, so idle connections hold none.
     */
    private int credit;
    /** Set while the payload's reservation waits for memory: nothing is decoded until it is granted. */
    private MemoryWait memoryWait;
    private boolean removed;
    /** The payload being collected holds its reservation across reads; {@code null} when none does. */
    private Collecting collecting;
    /** Whether waiting for memory turned reading off (and its grant turns it on again). */
    private boolean readingPaused;
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
        this(maxMessageSize, InboundMemory.unbounded());
    }

    /**
     * @param memory what all connections of the peer may hold together; it must fit a message
     *               of {@code maxMessageSize}
     */
    public FrameDecoder(int maxMessageSize, InboundMemory memory) {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
        }
        if (maxMessageSize > memory.limit()) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize
                    + " exceeds the memory all connections may hold (" + memory.limit() + ")");
        }
        this.maxMessageSize = maxMessageSize;
        this.memory = memory;
    }

    /**
     * Reads only headers of these kinds until {@link #handshakeDone()}: any other header, a
     * DATA header above all, fails with a {@link ProtocolException} at once, before a payload
     * byte is buffered. Call before the channel reads.
     */
    public FrameDecoder awaitHandshake(HeaderKind first, HeaderKind... more) {
        handshake = EnumSet.of(first, more);
        return this;
    }

    /** The handshake succeeded: from now on every header and payload is read. */
    public void handshakeDone() {
        handshake = null;
    }

    /** Whether the connection stopped reading because its next payload waits for memory. */
    public boolean isWaitingForMemory() {
        return memoryWait != null;
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
        if (cumulation == null) {
            return 0;
        }
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
        if (memoryWait != null) {
            pauseReading(ctx); // something else let it read again; the bytes wait here, undecoded
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
                if ((reserved > 0 || reserve(ctx, pendingSize)) && take(ctx, in, out, pendingType, pendingSize)) {
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
                if (reserved > 0 || reserve(ctx, streamSize)) {
                    take(ctx, in, out, streamType, streamSize);
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
        long fast = DataHeaderParser.current().parse(in, index);
        if (fast != DataHeaderParser.NOT_FAST) {
            in.skipBytes(Header.SIZE);
            onDataHeader(ctx, DataHeaderParser.size(fast), DataHeaderParser.type(fast), out);
            return;
        }
        Header header = Header.decode(in, index, false);
        in.skipBytes(Header.SIZE);
        if (handshake != null && !handshake.contains(header.kind())) {
            throw outsideHandshake(header.kind().name());
        }
        if (header.kind() == HeaderKind.DATA) {
            onDataHeader(ctx, header.dataSize().orElseThrow(), header.dataType(), out);
        } else {
            out.add(header);
        }
    }

    private ProtocolException outsideHandshake(String got) {
        return new ProtocolException("expected " + handshake.stream().map(Enum::name)
                .collect(Collectors.joining(" or ")) + " during the handshake, got " + got);
    }

    private void onDataHeader(ChannelHandlerContext ctx, int size, DataType type, List<Object> out)
            throws ProtocolException {
        if (handshake != null && !handshake.contains(HeaderKind.DATA)) {
            throw outsideHandshake("a DATA header announcing " + size + " bytes");
        }
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
        reserve(ctx, size);
    }

    /** Reserves the payload's size, or stops reading until it is granted; answers whether it is reserved. */
    private boolean reserve(ChannelHandlerContext ctx, int size) {
        if (size <= credit || size < BURST_CREDIT && memory.tryReserve(BURST_CREDIT)
                && (credit += BURST_CREDIT) >= size) {
            credit -= size;
            reserved = size;
            return true;
        }
        if (memory.tryReserve(size)) {
            reserved = size;
            return true;
        }
        MemoryWait wait = new MemoryWait(ctx, size);
        memoryWait = wait;
        pauseReading(ctx);
        memory.await(wait, size);
        watchForStalls(wait);
        return false;
    }

    private void pauseReading(ChannelHandlerContext ctx) {
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            readingPaused = true;
        }
    }

    /**
     * A payload's reservation, queued until memory is released. Granted on any thread (even at
     * once, or by another channel on this event loop), it resumes in a task of its own, never
     * inside someone else's read.
     */
    private final class MemoryWait implements InboundMemory.Waiter {
        private final ChannelHandlerContext ctx;
        private final int size;

        MemoryWait(ChannelHandlerContext ctx, int size) {
            this.ctx = ctx;
            this.size = size;
        }

        @Override
        public void granted() {
            ctx.executor().execute(() -> resume(this));
        }
    }

    private void resume(MemoryWait wait) {
        if (removed || memoryWait != wait) {
            memory.release(wait.size);
            return;
        }
        memoryWait = null;
        reserved = wait.size;
        if (readingPaused) {
            readingPaused = false;
            wait.ctx.channel().config().setAutoRead(true);
        }
        ByteBuf waitingBytes = internalBuffer();
        if (waitingBytes != null && waitingBytes.isReadable()) {
            try {
                channelRead(wait.ctx, Unpooled.EMPTY_BUFFER); // decode what arrived before reading paused
                channelReadComplete(wait.ctx);
            } catch (Exception e) {
                wait.ctx.fireExceptionCaught(e);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (reserved > 0 && collecting == null && memory.stallNanos() > 0) {
            collecting = new Collecting(ctx, reserved);
            memory.collecting(collecting);
        }
    }

    /** The payload was emitted (or dropped): it holds nothing any more. */
    private void collected() {
        if (collecting != null) {
            memory.collected(collecting);
            collecting = null;
        }
    }

    private void returnCredit() {
        if (credit > 0) {
            memory.release(credit);
            credit = 0;
        }
    }

    /** A payload that holds its reservation across reads; evicted when it stalls while others wait for memory. */
    private final class Collecting implements InboundMemory.Holder {
        private final ChannelHandlerContext ctx;
        private final int size;
        private final long since = System.nanoTime();

        Collecting(ChannelHandlerContext ctx, int size) {
            this.ctx = ctx;
            this.size = size;
        }

        @Override
        public long since() {
            return since;
        }

        @Override
        public void evict() {
            ctx.executor().execute(() -> {
                if (collecting != this || removed) {
                    return;
                }
                collected();
                state = State.FAILED;
                ctx.fireExceptionCaught(new ProtocolException("a message of " + size + " bytes was still incomplete ("
                        + bufferedBytes() + " bytes received) after "
                        + (System.nanoTime() - since) / 1_000_000 + " ms, holding memory other connections wait for"));
            });
        }
    }

    /** While this connection waits for memory: every stall limit, evicts payloads that stall the others. */
    private void watchForStalls(MemoryWait wait) {
        long nanos = memory.stallNanos();
        if (nanos > 0) {
            wait.ctx.executor().schedule(() -> {
                if (memoryWait == wait && !removed) {
                    memory.evictStalled();
                    watchForStalls(wait);
                }
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        returnCredit();
        if (memoryWait != null) {
            // Not the base class's "nothing decoded yet, so read on": reading waits for memory.
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
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
        if (fast != DataHeaderParser.NOT_FAST) {
            header = DataHeaderParser.size(fast) == streamSize;
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
        reserved = 0; // the frame's consumer gives it back
        collected();
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
        reserved = 0; // the frame's consumer gives it back
        collected();
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
        removed = true;
        returnCredit();
        collected();
        if (memoryWait != null) {
            memory.cancel(memoryWait); // when already granted, its task gives the bytes back
            memoryWait = null;
        }
        if (reserved > 0) {
            memory.release(reserved);
            reserved = 0;
        }
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
