package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a pickle being written into protocol 4 frames where CPython's C pickler does: a frame is
 * opened before the next opcode, closed before a value once it holds 64 KiB or more (so a frame
 * may end inside a list, never right before its STOP), and left out when it holds under 4 bytes;
 * a str or bytes of 64 KiB or more goes between frames.
 */
final class PickleFrames {

    /** A frame is closed before the next value once it holds this much. */
    static final int TARGET_SIZE = 64 * 1024;

    private static final int HEADER_SIZE = 9;
    private static final int MIN_SIZE = 4;

    private final ByteBuf out;
    /** Whether the next opcode goes in a frame (off while a large str or bytes is written). */
    private boolean framing;
    /** Where the open frame's header is, or -1 when none is open. */
    private int start = -1;

    PickleFrames(ByteBuf out) {
        this.out = out;
    }

    /** Opens a frame if framing and none is open: its header is filled in when it is committed. */
    void open() {
        if (framing && start < 0) {
            start = out.writerIndex();
            out.writeZero(HEADER_SIZE);
        }
    }

    /** Before each value, a frame of {@link #TARGET_SIZE} or more is closed. */
    void atValue() {
        if (start >= 0 && out.writerIndex() - start - HEADER_SIZE >= TARGET_SIZE) {
            commit();
        }
    }

    /** Closes the open frame: its header gets its length, or goes if it holds under 4 bytes. */
    void commit() {
        if (start < 0) {
            return;
        }
        int length = out.writerIndex() - start - HEADER_SIZE;
        if (length >= MIN_SIZE) {
            out.setByte(start, PickleOpcodes.FRAME);
            out.setLongLE(start + 1, length);
        } else {
            for (int i = 0; i < length; i++) {
                out.setByte(start + i, out.getByte(start + HEADER_SIZE + i));
            }
            out.writerIndex(start + length);
        }
        start = -1;
    }

    /** A large str or bytes goes between frames: commits the open one; unframed until {@link #resume()}. */
    void suspend() {
        commit();
        framing = false;
    }

    /** The next opcodes go in frames again. */
    void resume() {
        framing = true;
    }
}
