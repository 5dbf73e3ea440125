package io.p2pboot.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.buffer.UnpooledUnsafeHeapByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Heap buffers for small frames built on a sender's thread and released on the event loop.
 *
 * <p>Netty's unpooled allocator counts every heap buffer it makes and frees in a shared
 * {@code LongAdder} (its metric). A frame allocated on the sender's thread and freed on the event
 * loop moves that counter's cache line between the cores twice per message: with 1 KiB messages
 * the counter took over a third of the sending thread's time. These buffers are the same
 * unpooled heap buffers, uncounted; the garbage collector is their only bookkeeping.
 *
 * <p>Direct buffers, which small frames never ask for, come from Netty's unpooled allocator.
 */
public final class HeapFrameAllocator extends AbstractByteBufAllocator {

    public static final HeapFrameAllocator INSTANCE = new HeapFrameAllocator();

    private HeapFrameAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return PlatformDependent.hasUnsafe()
                ? new UnpooledUnsafeHeapByteBuf(this, initialCapacity, maxCapacity)
                : new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
