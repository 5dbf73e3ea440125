package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import io.p2pboot.protocol.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BytesPayloadCodecTest {

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final BytesPayloadCodec codec = new BytesPayloadCodec();

    @AfterEach
    void nothingLeaks() {
        assertThat(alloc.leaks()).isEmpty();
    }

    @Test
    void thePayloadIsTheBytesAsTheyAre() throws Exception {
        assertThat(codec.dataType()).isEqualTo(DataType.BYTES);
        byte[] value = {0, 1, (byte) 0xff, '|'};
        ByteBuf buf = codec.encode(alloc, value);
        assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(value);
        assertThat(codec.decode(buf)).isEqualTo(value);
        assertThat(codec.decode(buf, byte[].class)).isEqualTo(value);
        buf.release();
    }

    @Test
    void nioAndNettyBuffersAreAcceptedTheLatterWithoutCopy() throws Exception {
        ByteBuf a = codec.encode(alloc, ByteBuffer.wrap(new byte[] {7, 8}));
        assertThat(ByteBufUtil.getBytes(a)).containsExactly(7, 8);
        a.release();
        ByteBuf source = alloc.buffer().writeBytes(new byte[] {5, 6});
        ByteBuf b = codec.encode(alloc, source);
        assertThat(b.unwrap()).isSameAs(source);
        b.release();
        source.release();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> codec.encode(alloc, "text")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(new byte[1]), String.class))
                .isInstanceOf(ProtocolException.class);
    }
}
