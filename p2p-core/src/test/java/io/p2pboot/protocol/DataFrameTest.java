package io.p2pboot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DataFrameTest {

    private static final byte[] BYTES = {1, 2, 3, 4};

    @Test
    void aFrameAroundAnOwnedArrayShowsItsBytesAsPayload() {
        DataFrame frame = DataFrame.ofOwnedArray(DataType.BYTES, BYTES.clone());
        assertThat(frame.size()).isEqualTo(4);
        assertThat(ByteBufUtil.getBytes(frame.payload())).containsExactly(BYTES);
        assertThat(frame.toString()).contains("4 bytes");
    }

    @Test
    void ownedAndBufferFramesOfTheSameBytesAreEqual() {
        DataFrame owned = DataFrame.ofOwnedArray(DataType.RAW, BYTES.clone());
        DataFrame buffered = new DataFrame(DataType.RAW, Unpooled.wrappedBuffer(BYTES.clone()));
        assertThat(owned).isEqualTo(buffered).hasSameHashCodeAs(buffered);
        assertThat(owned).isNotEqualTo(DataFrame.ofOwnedArray(DataType.JSON, BYTES.clone()));
        assertThat(owned).isNotEqualTo(DataFrame.ofOwnedArray(DataType.RAW, new byte[] {1, 2, 3}));
    }

    @Test
    void aCopyOfAnOwnedFrameKeepsItsBytesApart() {
        byte[] array = BYTES.clone();
        DataFrame frame = DataFrame.ofOwnedArray(DataType.BYTES, array);
        DataFrame copy = frame.copy();
        array[0] = 9;
        assertThat(copy.ownedArray()).containsExactly(BYTES);
        assertThat(frame.duplicate().ownedArray()).isSameAs(array);
        assertThat(frame.retainedDuplicate().size()).isEqualTo(4);
    }

    @Test
    void releasingAnOwnedFrameLeavesItsBytes() {
        DataFrame frame = DataFrame.ofOwnedArray(DataType.BYTES, BYTES.clone());
        frame.release();
        assertThat(frame.ownedArray()).containsExactly(BYTES);
        assertThat(frame.size()).isEqualTo(4);
    }
}
