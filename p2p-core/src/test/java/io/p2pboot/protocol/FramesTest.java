package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.p2pboot.protocol.HeaderTest.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void nothingLeaks() {
        assertThat(alloc.leaks()).isEmpty();
    }

    private ByteBuf payload(int n) {
        ByteBuf p = alloc.buffer(n);
        for (int i = 0; i < n; i++) {
            p.writeByte(i);
        }
        return p;
    }

    @Test
    void aSmallMessageIsOneContiguousBufferOfHeaderThenPayload() {
        ByteBuf frame = Frames.data(alloc, DataType.RAW, payload(3));
        assertThat(frame).isNotInstanceOf(CompositeByteBuf.class);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        byte[] expected = new byte[131];
        System.arraycopy(wire("DATA|data_size=3&data_type=raw"), 0, expected, 0, 128);
        expected[129] = 1;
        expected[130] = 2;
        assertThat(bytes).isEqualTo(expected);
        frame.release();
    }

    @Test
    void aLargeMessageJoinsThePayloadWithoutCopying() {
        ByteBuf p = payload(5000);
        ByteBuf frame = Frames.data(alloc, DataType.BYTES, p);
        assertThat(frame).isInstanceOf(CompositeByteBuf.class);
        assertThat(frame.readableBytes()).isEqualTo(5128);
        assertThat(frame.toString(0, 128, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(new String(wire("DATA|data_size=5000&data_type=bytes"), java.nio.charset.StandardCharsets.US_ASCII));
        frame.release();
        assertThat(p.refCnt()).isZero();
    }

    @Test
    void aByteArrayIsCopiedOnceBehindItsHeaderInChunksOfPooledSize() {
        for (int size : new int[] {0, 100, Frames.CHUNK - Header.SIZE, Frames.CHUNK - Header.SIZE + 1, 3 * Frames.CHUNK + 5}) {
            byte[] p = new byte[size];
            for (int i = 0; i < size; i++) {
                p[i] = (byte) (i * 7);
            }
            ByteBuf frame = Frames.data(alloc, DataType.BYTES, p);
            assertThat(frame.readableBytes()).as("size %d", size).isEqualTo(Header.SIZE + size);
            assertThat(frame.toString(0, Header.SIZE, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo(new String(wire("DATA|data_size=" + size + "&data_type=bytes"), java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(ByteBufUtil.getBytes(frame, Header.SIZE, size)).as("size %d", size).isEqualTo(p);
            if (frame instanceof CompositeByteBuf composite) {
                assertThat(size).isGreaterThan(Frames.CHUNK - Header.SIZE);
                for (ByteBuf part : composite) {
                    assertThat(part.readableBytes()).isLessThanOrEqualTo(Frames.CHUNK);
                }
            } else {
                assertThat(frame.readableBytes()).isLessThanOrEqualTo(Frames.CHUNK);
            }
            frame.release();
        }
    }

    @Test
    void aPayloadEncodedBehindHeadroomGetsItsHeaderInPlace() {
        ByteBuf frame = alloc.buffer(Header.SIZE + 5);
        frame.writerIndex(Header.SIZE);
        frame.writeBytes(new byte[] {1, 2, 3, 4, 5});
        assertThat(Frames.dataInPlace(DataType.JSON, frame)).isSameAs(frame);
        assertThat(frame.readableBytes()).isEqualTo(Header.SIZE + 5);
        assertThat(frame.toString(0, Header.SIZE, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(new String(wire("DATA|data_size=5&data_type=json"), java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(ByteBufUtil.getBytes(frame, Header.SIZE, 5)).containsExactly(1, 2, 3, 4, 5);
        frame.release();
    }

    @Test
    void whatIsWrittenIsWhatTheDecoderReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(10_000));
        ch.writeInbound(Frames.data(alloc, DataType.JSON, payload(10)), Frames.data(alloc, DataType.RAW, payload(4000)));
        DataFrame a = ch.readInbound();
        DataFrame b = ch.readInbound();
        assertThat(a.type()).isEqualTo(DataType.JSON);
        assertThat(a.payload().readableBytes()).isEqualTo(10);
        assertThat(b.payload().readableBytes()).isEqualTo(4000);
        assertThat(b.payload().getUnsignedByte(3999)).isEqualTo((short) (3999 & 0xff));
        a.release();
        b.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aStreamedPayloadMustHaveTheStreamSize() throws Exception {
        ByteBuf ok = payload(8);
        assertThat(Frames.streamed(ok, 8)).isSameAs(ok);
        ok.release();
        ByteBuf wrong = payload(7);
        assertThatThrownBy(() -> Frames.streamed(wrong, 8)).isInstanceOf(ProtocolException.class)
                .hasMessage("message of 7 bytes on a stream of fixed size 8");
        assertThat(wrong.refCnt()).isZero();
    }

    @Test
    void aLoneHeaderIs128Bytes() throws Exception {
        ByteBuf h = Frames.header(alloc, Header.accept());
        assertThat(ByteBufUtil.getBytes(h)).isEqualTo(wire("ACCEPT"));
        h.release();
    }
}
