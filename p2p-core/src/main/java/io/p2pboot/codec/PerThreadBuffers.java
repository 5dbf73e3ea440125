package io.p2pboot.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BooleanSupplier;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;
import org.jspecify.annotations.Nullable;

/**
 * Where the json codec's parsers and generators take Jackson's buffers from: each platform
 * thread keeps its own, and virtual threads share a pool.
 *
 * <p>Why: every message is written on the sender's thread, checked on the event loop and read
 * on a handler's thread. With Jackson's default pool (one concurrent deque) those three threads
 * took and returned buffers through the same deque for every message, moving its ends between
 * the cores; json-small then sent two thirds of what it sends with buffers kept per thread. A
 * virtual thread would keep nothing for long, so it takes from the shared pool instead (and so
 * does every thread of a copy restored by Java serialization, which drops the thread test).
 */
final class PerThreadBuffers implements RecyclerPool<BufferRecycler> {

    private static final long serialVersionUID = 1L;

    /** {@code Thread.isVirtual()} where the JDK has it (21 and later), else {@code null}. */
    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();
    private final RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.newConcurrentDequePool();
    private final transient BooleanSupplier virtual;

    PerThreadBuffers() {
        this(PerThreadBuffers::onVirtualThread);
    }

    /** @param virtual whether the calling thread is a virtual thread */
    PerThreadBuffers(BooleanSupplier virtual) {
        this.virtual = virtual;
    }

    /** Buffers come back through the pool they were linked to here, never through this one. */
    @Override
    public BufferRecycler acquireAndLinkPooled() {
        return pool().acquireAndLinkPooled();
    }

    @Override
    public BufferRecycler acquirePooled() {
        return pool().acquirePooled();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        pool().releasePooled(recycler);
    }

    private RecyclerPool<BufferRecycler> pool() {
        return virtual == null || virtual.getAsBoolean() ? shared : perThread;
    }

    private static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            return false;
        }
    }

    private static @Nullable MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before Java 21 every thread is a platform thread
        }
    }
}
