package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bytes} encoding: the payload is the value's bytes as they are. Writes
 * {@code byte[]}, {@link ByteBuffer} and {@link ByteBuf} (the last without a copy); reads
 * {@code byte[]}.
 */
public final class BytesPayloadCodec implements PayloadCodec {

    @Override
    public DataType dataType() {
        return DataType.BYTES;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value) throws ProtocolException {
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            return alloc.buffer(bytes.length).writeBytes(bytes);
        }
        if (value instanceof ByteBuffer) {
            // no copy: its bytes are read as they are written, so the sender leaves them alone until then
            return Unpooled.wrappedBuffer(((ByteBuffer) value).duplicate());
        }
        if (value instanceof ByteBuf) {
            return ((ByteBuf) value).retainedSlice();
        }
        throw new ProtocolException("a bytes connection sends byte[], ByteBuffer or ByteBuf, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** A {@code byte[]} is its own payload. */
    @Override
    public byte @Nullable [] payloadBytes(@Nullable Object value) {
        return value instanceof byte[] bytes ? bytes : null;
    }

    @Override
    public Object decode(ByteBuf payload) {
        return ByteBufUtil.getBytes(payload);
    }

    /** {@link #decodeOwned} keeps the array: nothing to run. */
    @Override
    public boolean decodesOnEventLoop() {
        return true;
    }

    /** The array is the value: no copy. */
    @Override
    public Object decodeOwned(byte[] payload) {
        return payload;
    }
}
