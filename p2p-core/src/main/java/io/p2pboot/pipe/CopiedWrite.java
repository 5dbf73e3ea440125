package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;

/**
 * A small write whose bytes the writer puts straight into the burst's shared outgoing buffer
 * ({@link PipeChannel#writeCopy(CopiedWrite)}): a message kept by its sender in its own form (a
 * session keeps a payload array and its number) reaches the socket without a buffer of its own.
 */
public interface CopiedWrite {

    /** How many bytes {@link #copyTo} writes: at most {@link PipeChannel#COPY_LIMIT}. */
    int length();

    /** Appends exactly {@link #length()} bytes to {@code out}; called once, under the burst's lock, so quick. */
    void copyTo(ByteBuf out);
}
