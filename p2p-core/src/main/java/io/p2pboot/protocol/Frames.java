package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Builds outbound buffers: a DATA header and its payload as ONE buffer (so they go out in one
 * write, unlike the Python peer's two), headerless payloads for streaming, and lone headers.
 * Each method takes ownership of the payload it is given: it is released on failure.
 */
public final class Frames {

    /**
     * Payloads up to this size are copied behind the header into one small buffer; larger ones
     * are joined to the header without a copy, in a composite buffer.
     */
    static final int COPY_THRESHOLD = 1024;

    /** The largest buffer a copied byte array is written into; larger frames are chunked. */
    static final int CHUNK = 64 * 1024;

    private Frames() {
    }

    /** A DATA header announcing {@code payload}'s readable bytes, followed by them. */
    public static ByteBuf data(ByteBufAllocator alloc, DataType type, ByteBuf payload) {
        int size = payload.readableBytes();
        ByteBuf header = null;
        try {
            if (size <= COPY_THRESHOLD) {
                header = alloc.buffer(Header.SIZE + size);
                DataHeaderWriter.write(header, size, type);
                header.writeBytes(payload);
                payload.release();
                return header;
            }
            header = alloc.buffer(Header.SIZE);
            DataHeaderWriter.write(header, size, type);
            CompositeByteBuf frame = alloc.compositeBuffer(2);
            frame.addComponents(true, header, payload);
            return frame;
        } catch (RuntimeException e) {
            if (header != null && header.refCnt() > 0) {
                header.release();
            }
            if (payload.refCnt() > 0) {
                payload.release();
            }
            throw e;
        }
    }

    /**
     * A DATA header followed by a copy of {@code payload}: a byte array needs one copy to reach
     * the socket, and this is it (no intermediate payload buffer). Up to {@link #CHUNK} bytes go
     * in one buffer; a larger frame is a composite of chunks of that size, so that it comes from
     * the allocator's pooled sizes rather than from a fresh, zeroed allocation of its full size.
     */
    public static ByteBuf data(ByteBufAllocator alloc, DataType type, byte[] payload) {
        int total = Header.SIZE + payload.length;
        ByteBuf first = alloc.buffer(Math.min(total, CHUNK));
        try {
            DataHeaderWriter.write(first, payload.length, type);
            int offset = Math.min(payload.length, CHUNK - Header.SIZE);
            first.writeBytes(payload, 0, offset);
            if (offset == payload.length) {
                return first;
            }
            CompositeByteBuf frame = alloc.compositeBuffer((total + CHUNK - 1) / CHUNK);
            frame.addComponent(true, first);
            first = null;
            while (offset < payload.length) {
                int n = Math.min(CHUNK, payload.length - offset);
                frame.addComponent(true, alloc.buffer(n).writeBytes(payload, offset, n));
                offset += n;
            }
            return frame;
        } catch (RuntimeException e) {
            if (first != null) {
                first.release();
            }
            throw e;
        }
    }

    /**
     * Writes a DATA header into the first {@link Header#SIZE} bytes of {@code frame}, whose
     * payload follows them (encoded there after that much headroom): one buffer, no copy.
     */
    public static ByteBuf dataInPlace(DataType type, ByteBuf frame) {
        int end = frame.writerIndex();
        frame.writerIndex(frame.readerIndex());
        DataHeaderWriter.write(frame, end - frame.readerIndex() - Header.SIZE, type);
        frame.writerIndex(end);
        return frame;
    }

    /**
     * A payload on a streaming connection, without a header.
     *
     * @throws ProtocolException when its size is not the stream's size (payload released)
     */
    public static ByteBuf streamed(ByteBuf payload, int streamSize) throws ProtocolException {
        int size = payload.readableBytes();
        if (size != streamSize) {
            payload.release();
            throw new ProtocolException("message of " + size + " bytes on a stream of fixed size " + streamSize);
        }
        return payload;
    }

    /** A lone header (HELLO, ACCEPT, DENY, PING, PONG) as a buffer of 128 bytes. */
    public static ByteBuf header(ByteBufAllocator alloc, Header header) throws ProtocolException {
        byte[] wire = header.encode();
        ByteBuf buf = alloc.buffer(Header.SIZE);
        buf.writeBytes(wire);
        return buf;
    }
}
