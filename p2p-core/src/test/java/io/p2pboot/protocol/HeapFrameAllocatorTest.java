package io.p2pboot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class HeapFrameAllocatorTest {

    @Test
    void buffersAreOnTheHeapGrowAsWrittenAndAreFreedByOneRelease() {
        ByteBuf b = HeapFrameAllocator.INSTANCE.buffer(16);
        assertThat(b.hasArray()).isTrue();
        assertThat(b.isDirect()).isFalse();
        assertThat(b.alloc()).isSameAs(HeapFrameAllocator.INSTANCE);

        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        b.writeBytes(data);
        assertThat(b.capacity()).isGreaterThanOrEqualTo(1000);
        byte[] back = new byte[1000];
        b.getBytes(0, back);
        assertThat(back).isEqualTo(data);

        assertThat(b.release()).isTrue();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void itsBuffersAreNotCountedInTheSharedUnpooledMetric() {
        long before = UnpooledByteBufAllocator.DEFAULT.metric().usedHeapMemory();
        ByteBuf b = HeapFrameAllocator.INSTANCE.heapBuffer(64 * 1024);
        try {
            assertThat(UnpooledByteBufAllocator.DEFAULT.metric().usedHeapMemory())
                    .as("no shared counter touched per buffer").isEqualTo(before);
        } finally {
            b.release();
        }
    }

    @Test
    void aDirectBufferIfAskedForIsAnUnpooledOne() {
        ByteBuf b = HeapFrameAllocator.INSTANCE.directBuffer(100);
        try {
            assertThat(b.isDirect()).isTrue();
            assertThat(HeapFrameAllocator.INSTANCE.isDirectBufferPooled()).isFalse();
        } finally {
            b.release();
        }
    }
}
