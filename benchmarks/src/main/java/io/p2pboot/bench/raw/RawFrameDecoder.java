package io.p2pboot.bench.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Only parses and slices: a 128-byte DATA header's size, then a retained slice of the payload;
 * with {@code streamSize > 0}, headerless payloads of that size.
 */
public final class RawFrameDecoder extends ByteToMessageDecoder {

    private final int streamSize;
    private int pending = -1;

    public RawFrameDecoder(int streamSize) {
        this.streamSize = streamSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (streamSize > 0) {
                if (in.readableBytes() < streamSize) {
                    return;
                }
                out.add(in.readRetainedSlice(streamSize));
                continue;
            }
            if (pending < 0) {
                if (in.readableBytes() < RawFraming.HEADER) {
                    return;
                }
                pending = RawFraming.dataSize(in, in.readerIndex());
                in.skipBytes(RawFraming.HEADER);
            }
            if (in.readableBytes() < pending) {
                return;
            }
            out.add(in.readRetainedSlice(pending));
            pending = -1;
        }
    }
}
