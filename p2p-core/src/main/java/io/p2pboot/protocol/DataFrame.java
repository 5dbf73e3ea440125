package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Objects;

/**
 * One received message: its declared (or, when streamed, agreed) data type and its payload.
 * The payload is a retained slice of the receive buffer, not a copy: whoever handles the frame
 * must release it (it is a {@link io.netty.buffer.ByteBufHolder}, so Netty's tail does so for
 * an unhandled frame).
 */
public final class DataFrame extends DefaultByteBufHolder {

    private final DataType type;

    public DataFrame(DataType type, ByteBuf payload) {
        super(payload);
        this.type = Objects.requireNonNull(type, "type");
    }

    public DataType type() {
        return type;
    }

    /** The payload bytes (the held buffer). */
    public ByteBuf payload() {
        return content();
    }

    @Override
    public DataFrame replace(ByteBuf content) {
        return new DataFrame(type, content);
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
        return "DataFrame(" + type.wireName() + ", " + content().readableBytes() + " bytes)";
    }
}
