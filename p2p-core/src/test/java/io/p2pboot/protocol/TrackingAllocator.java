package io.p2pboot.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * A test allocator that remembers every buffer it hands out, so a test can prove that nothing
 * was leaked: deterministic, unlike the GC-driven leak detector (which tests also set to
 * PARANOID so that any leak it happens to see is logged).
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(false, true);
    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Registers a buffer made elsewhere (e.g. test input) to be checked too. */
    public synchronized ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    public synchronized int count() {
        return allocated.size();
    }

    /** The buffers still referenced (refCnt above 0). */
    public synchronized List<ByteBuf> leaks() {
        List<ByteBuf> leaks = new ArrayList<>();
        for (ByteBuf b : allocated) {
            if (b.refCnt() > 0) {
                leaks.add(b);
            }
        }
        return leaks;
    }
}
