package io.p2pboot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataHeaderWriterTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 99, 12345, 1048576, Integer.MAX_VALUE})
    void writesTheSameBytesAsTheGeneralEncoder(int size) throws Exception {
        for (DataType type : DataType.values()) {
            ByteBuf buf = Unpooled.buffer();
            DataHeaderWriter.write(buf, size, type);
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(Header.data(size, type).encode());
            assertThat(DataHeaderWriter.bytes(size, type)).isEqualTo(Header.data(size, type).encode());
        }
    }

    @Test
    void appendsAfterWhatTheBufferHolds() {
        ByteBuf buf = Unpooled.buffer().writeBytes(new byte[] {1, 2});
        DataHeaderWriter.write(buf, 5, DataType.JSON);
        assertThat(buf.readableBytes()).isEqualTo(2 + Header.SIZE);
        assertThat(ByteBufUtil.getBytes(buf, 2, Header.SIZE)).isEqualTo(HeaderTest.wire("DATA|data_size=5&data_type=json"));
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> DataHeaderWriter.bytes(-1, DataType.RAW))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("data_size must not be negative: -1");
    }
}
