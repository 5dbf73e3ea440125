package io.p2pboot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class SequencedHeaderTest {

    /** The header as the field-by-field writer makes it. */
    private static byte[] expected(int size, DataType type, long seq) {
        ByteBuf out = Unpooled.buffer(Header.SIZE);
        DataHeaderWriter.write(out, size, type, seq, false);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] written(SequencedHeader header, long seq) {
        ByteBuf out = Unpooled.buffer(Header.SIZE);
        header.write(out, seq);
        assertThat(out.readableBytes()).isEqualTo(Header.SIZE);
        return ByteBufUtil.getBytes(out);
    }

    @Test
    void writesTheSameBytesAsTheFieldByFieldWriterAcrossEveryDigitCount() {
        SequencedHeader header = new SequencedHeader(64, DataType.BYTES);
        long[] seqs = {1, 9, 10, 99, 100, 4_711, 999_999, 1_000_000, 123_456_789_012L, 999_999_999_999_999_999L,
            Long.MAX_VALUE};
        for (long seq : seqs) {
            assertThat(written(header, seq)).as("seq %d", seq).isEqualTo(expected(64, DataType.BYTES, seq));
        }
    }

    @Test
    void aShorterNumberAfterALongerOneLeavesNoDigitsBehind() throws ProtocolException {
        SequencedHeader header = new SequencedHeader(1_048_576, DataType.JSON);
        written(header, 123_456_789L);
        // a session that starts a new life numbers its messages from 1 again
        assertThat(written(header, 7)).isEqualTo(expected(1_048_576, DataType.JSON, 7));
        assertThat(Header.decode(written(header, 42)).seq()).isEqualTo(42);
    }

    @Test
    void saysWhichSizeAndTypeItIsFor() {
        SequencedHeader header = new SequencedHeader(64, DataType.RAW);
        assertThat(header.isFor(64, DataType.RAW)).isTrue();
        assertThat(header.isFor(65, DataType.RAW)).isFalse();
        assertThat(header.isFor(64, DataType.BYTES)).isFalse();
    }

    @Test
    void refusesANumberBelowOne() {
        SequencedHeader header = new SequencedHeader(64, DataType.BYTES);
        assertThatThrownBy(() -> header.write(Unpooled.buffer(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
