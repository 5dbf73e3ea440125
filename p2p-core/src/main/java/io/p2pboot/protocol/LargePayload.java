package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Collects a large payload as it arrives, without copying it on the event loop: pieces of at
 * least {@link #SLICE_MIN} bytes stay slices of the receive buffers they came in, shorter ones
 * are copied together (so that a trickle of tiny reads cannot pin a receive buffer for every few
 * bytes). Memory grows with the bytes received, not with the size a peer announces. Not
 * thread-safe: one per decoder, on its event loop.
 */
final class LargePayload {

    /** Pieces at least this long are kept as slices of their receive buffer. */
    static final int SLICE_MIN = 8 * 1024;

    /** The payload so far: slices of receive buffers, and full {@link #tail}s. */
    private @Nullable CompositeByteBuf parts;
    /** Short pieces, copied here until it holds {@link #SLICE_MIN} bytes. */
    private @Nullable ByteBuf tail;

    /**
     * Takes from {@code in} what belongs to a payload of {@code size} bytes: answers the whole
     * payload (the caller owns it) once complete, {@code null} until then.
     */
    @Nullable ByteBuf add(ByteBufAllocator alloc, ByteBuf in, int size) {
        int held = readableBytes();
        int n = Math.min(in.readableBytes(), size - held);
        if (parts == null) {
            parts = alloc.compositeBuffer(Integer.MAX_VALUE); // never consolidated: no copy
        }
        if (n >= SLICE_MIN) {
            addTail();
            parts.addComponent(true, in.readRetainedSlice(n));
        } else if (n > 0) {
            if (tail == null) {
                tail = alloc.buffer(Math.min(SLICE_MIN, size - held));
            } else if (tail.writableBytes() < n) {
                addTail();
                tail = alloc.buffer(Math.min(SLICE_MIN, size - held));
            }
            tail.writeBytes(in, n);
        }
        if (held + n < size) {
            return null;
        }
        addTail();
        ByteBuf whole = parts;
        parts = null;
        return whole;
    }

    private void addTail() {
        if (tail != null) {
            parts.addComponent(true, tail);
            tail = null;
        }
    }

    /** The bytes collected so far. */
    int readableBytes() {
        return (parts == null ? 0 : parts.readableBytes()) + (tail == null ? 0 : tail.readableBytes());
    }

    /** The capacity of the buffers the bytes collected so far hold on to. */
    int capacity() {
        int held = tail == null ? 0 : tail.capacity();
        if (parts != null) {
            for (ByteBuf part : parts) {
                held += part.unwrap() != null ? part.unwrap().capacity() : part.capacity();
            }
        }
        return held;
    }

    /** Drops what was collected: the connection is gone. */
    void release() {
        if (tail != null) {
            tail.release();
            tail = null;
        }
        if (parts != null) {
            parts.release();
            parts = null;
        }
    }
}
