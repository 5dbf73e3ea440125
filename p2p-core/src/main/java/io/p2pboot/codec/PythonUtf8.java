package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * UTF-8 as CPython's pickler encodes a str ({@code surrogatepass}): a lone surrogate becomes its
 * own three bytes, where Java's encoders write a replacement. Everything else is plain UTF-8.
 */
final class PythonUtf8 {

    private PythonUtf8() {
    }

    /** The encoded length of {@code s}. */
    static int length(String s) {
        int n = s.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a string of more than 2 GiB in UTF-8");
        }
        return (int) bytes;
    }

    /** Appends {@code s}, whose {@link #length} is {@code length}. */
    static void write(ByteBuf out, String s, int length) {
        if (length == s.length()) {
            ByteBufUtil.writeAscii(out, s);
        } else if (ByteBufUtil.utf8Bytes(s) == length) {
            ByteBufUtil.writeUtf8(out, s);
        } else {
            writeWithLoneSurrogates(out, s);
        }
    }

    private static void writeWithLoneSurrogates(ByteBuf out, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x800) {
                out.writeByte(0xc0 | c >> 6);
                out.writeByte(0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.writeByte(0xf0 | cp >> 18);
                out.writeByte(0x80 | cp >> 12 & 0x3f);
                out.writeByte(0x80 | cp >> 6 & 0x3f);
                out.writeByte(0x80 | cp & 0x3f);
            } else {
                out.writeByte(0xe0 | c >> 12);
                out.writeByte(0x80 | c >> 6 & 0x3f);
                out.writeByte(0x80 | c & 0x3f);
            }
        }
    }
}
