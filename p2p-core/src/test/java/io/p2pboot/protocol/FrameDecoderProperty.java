package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The property every fuzz input must satisfy. The first four bytes choose the set-up (maximum
 * message size, streaming mode and size, TCP chunk size); the rest is the inbound stream.
 * Properties: the header parser and the frame decoder fail only with {@link ProtocolException}
 * (at most once per connection), never buffer a unit larger than the maximum, never emit a
 * payload above it, and leak no buffer.
 */
final class FrameDecoderProperty {

    private static final int[] MAX_SIZES = {0, 16, 128, 300, 4096};

    private FrameDecoderProperty() {
    }

    static void check(byte[] input) {
        if (input.length < 4) {
            return;
        }
        int max = MAX_SIZES[(input[0] & 0xff) % MAX_SIZES.length];
        int mode = (input[1] & 0xff) % 3;
        int streamSize = input[2] & 0xff;
        int chunk = (input[3] & 0xff) + 1;
        byte[] stream = Arrays.copyOfRange(input, 4, input.length);

        if (stream.length >= Header.SIZE) {
            try {
                Header.decode(Arrays.copyOf(stream, Header.SIZE));
            } catch (ProtocolException expected) {
                // a precise refusal is fine
            }
        }

        TrackingAllocator alloc = new TrackingAllocator();
        List<Throwable> errors = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(max);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        channel.config().setAllocator(alloc);
        try {
            if (mode == 1) {
                decoder.startStreaming(streamSize, DataType.BYTES);
            } else if (mode == 2) {
                decoder.startStreaming(0, DataType.RAW);
            }
        } catch (ProtocolException refused) {
            if (streamSize <= max) {
                throw new AssertionError("a stream size within the maximum was refused", refused);
            }
        }
        int bound = Math.max(max, Header.SIZE);
        for (int i = 0; i < stream.length; i += chunk) {
            int n = Math.min(chunk, stream.length - i);
            channel.writeInbound(alloc.buffer(n).writeBytes(stream, i, n));
            if (decoder.bufferedBytes() >= bound) {
                throw new AssertionError("buffered " + decoder.bufferedBytes() + " bytes, bound " + bound);
            }
            drain(channel, max);
        }
        channel.finishAndReleaseAll();
        for (Throwable t : errors) {
            Throwable cause = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
            if (!(cause instanceof ProtocolException)) {
                throw new AssertionError("decoder failed with something else than a ProtocolException", t);
            }
        }
        if (errors.size() > 1) {
            throw new AssertionError("more than one error reported: " + errors);
        }
        List<ByteBuf> leaks = alloc.leaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffers leaked");
        }
    }

    private static void drain(EmbeddedChannel channel, int max) {
        Object o;
        while ((o = channel.readInbound()) != null) {
            try {
                if (o instanceof DataFrame && ((DataFrame) o).payload().readableBytes() > max) {
                    throw new AssertionError("emitted a payload above the maximum: " + o);
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
    }
}
