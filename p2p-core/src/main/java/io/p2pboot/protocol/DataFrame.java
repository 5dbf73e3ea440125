package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One received message: its declared (or, when streamed, agreed) data type and its payload.
 * The frame decoder gives a payload below {@link FrameDecoder#LARGE_PAYLOAD} as an array of its own ({@link #ownedArray()}),
 * which a codec may keep; a frame built around a buffer holds it, and whoever handles the frame
 * must release it (it is a {@link io.netty.buffer.ByteBufHolder}, so Netty's tail does so for an
 * unhandled frame).
 */
public final class DataFrame extends DefaultByteBufHolder {

    private final DataType type;
    private final byte @Nullable [] ownedArray;
    /** The session's sequence number from the DATA header; 0 without a session. Set by the decoder. */
    private long seq;
    private boolean possibleDuplicate;

    public DataFrame(DataType type, ByteBuf payload) {
        this(type, payload, null);
    }

    private DataFrame(DataType type, ByteBuf payload, byte @Nullable [] ownedArray) {
        super(payload);
        this.type = Objects.requireNonNull(type, "type");
        this.ownedArray = ownedArray;
    }

    /**
     * A frame whose payload is all of {@code payload}, an array no one else holds: a decoder may
     * keep it as the value instead of copying it.
     */
    public static DataFrame ofOwnedArray(DataType type, byte[] payload) {
        // No buffer around the array unless one is asked for: most frames never need one.
        return new DataFrame(type, Unpooled.EMPTY_BUFFER, payload);
    }

    /** The payload as an array of its own (see {@link #ofOwnedArray}), or {@code null} for a buffer slice. */
    public byte @Nullable [] ownedArray() {
        return ownedArray;
    }

    public DataType type() {
        return type;
    }

    /** The message's sequence number in its session ({@code seq} of its DATA header); 0 when it has none. */
    public long seq() {
        return seq;
    }

    /** Whether the sender marked the message as resent to a peer that may have handled it already ({@code dup=True}). */
    public boolean possibleDuplicate() {
        return possibleDuplicate;
    }

    /** The session fields of the header this frame came with; returns the frame. */
    public DataFrame sequenced(long seq, boolean possibleDuplicate) {
        this.seq = seq;
        this.possibleDuplicate = possibleDuplicate;
        return this;
    }

    /** The payload's size in bytes. */
    public int size() {
        return ownedArray != null ? ownedArray.length : content().readableBytes();
    }

    /**
     * The payload bytes: the held buffer, or for an owned array a buffer around it (made on each
     * call; releasing it is not needed).
     */
    public ByteBuf payload() {
        return ownedArray != null ? Unpooled.wrappedBuffer(ownedArray) : content();
    }

    @Override
    public DataFrame replace(ByteBuf content) {
        // the replacement is the payload from now on, whatever this frame held
        return new DataFrame(type, content).sequenced(seq, possibleDuplicate);
    }

    @Override
    public DataFrame copy() {
        return ownedArray != null ? ofOwnedArray(type, ownedArray.clone()) : replace(content().copy());
    }

    @Override
    public DataFrame duplicate() {
        return ownedArray != null ? new DataFrame(type, Unpooled.EMPTY_BUFFER, ownedArray) : replace(content().duplicate());
    }

    @Override
    public DataFrame retainedDuplicate() {
        return ownedArray != null ? new DataFrame(type, Unpooled.EMPTY_BUFFER, ownedArray) : replace(content().retainedDuplicate());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof DataFrame other && type == other.type && payload().equals(other.payload());
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + payload().hashCode();
    }

    @Override
    public DataFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public DataFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DataFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public DataFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "DataFrame(" + type.wireName() + ", " + size() + " bytes)";
    }
}
