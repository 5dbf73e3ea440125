package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of a received header as the Python peer does: the kind it starts with, the
 * {@code key=value} fields between the first and the next {@code |} (later fields win), and the
 * values' numbers and booleans. {@link Header#decode(ByteBuf, int, boolean)} checks what is then
 * required of each kind.
 */
final class HeaderText {

    /** What {@link #parseSize} answers for text that is not a decimal. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** {@code HeaderKind.values()} once: {@code values()} clones its array on every call. */
    private static final HeaderKind[] KINDS = HeaderKind.values();

    private HeaderText() {
    }

    /**
     * The {@link Header#SIZE} bytes at {@code index} as text, padding included.
     *
     * @throws ProtocolException when they are not valid UTF-8
     */
    static String of(ByteBuf buf, int index) throws ProtocolException {
        boolean ascii = true;
        for (int i = index; i < index + Header.SIZE; i++) {
            if (buf.getByte(i) < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return buf.toString(index, Header.SIZE, StandardCharsets.US_ASCII);
        }
        ByteBuffer nio = buf.nioBufferCount() == 1
                ? buf.nioBuffer(index, Header.SIZE)
                : ByteBuffer.wrap(readBytes(buf, index));
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("header is not valid UTF-8", e);
        }
    }

    private static byte[] readBytes(ByteBuf buf, int index) {
        byte[] bytes = new byte[Header.SIZE];
        buf.getBytes(index, bytes);
        return bytes;
    }

    /**
     * The kind the text starts with.
     *
     * @throws ProtocolException when it starts with none
     */
    static HeaderKind kind(String text) throws ProtocolException {
        for (HeaderKind k : KINDS) {
            if (text.startsWith(k.name())) {
                return k;
            }
        }
        throw new ProtocolException("unknown header kind in '" + Printable.of(shorten(text)) + "'");
    }

    /** The text without its padding, cut to 40 characters: enough to show in a reason. */
    private static String shorten(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == Header.PAD) {
            end--;
        }
        end = Math.min(end, 40);
        return text.substring(0, end);
    }

    /**
     * The fields in wire order; a repeated key keeps its last value.
     *
     * @throws ProtocolException when a field has no {@code =}
     */
    static Map<String, String> fields(String text) throws ProtocolException {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        int open = text.indexOf(Header.PAD);
        if (open < 0) {
            return fields;
        }
        int close = text.indexOf(Header.PAD, open + 1);
        String list = text.substring(open + 1, close < 0 ? text.length() : close);
        if (list.isEmpty()) {
            return fields;
        }
        int start = 0;
        while (start <= list.length()) {
            int amp = list.indexOf('&', start);
            int end = amp < 0 ? list.length() : amp;
            String part = list.substring(start, end);
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new ProtocolException("malformed header field '" + Printable.of(part) + "' (no '=')");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return fields;
    }

    /** Decimal digits with an optional '-'; {@link #NOT_A_NUMBER} otherwise; saturates past int range. */
    static long parseSize(String v) {
        int i = 0;
        boolean negative = false;
        if (!v.isEmpty() && v.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        if (i == v.length() || v.length() - i > 18) {
            return v.length() - i > 18 && allDigits(v, i) ? (negative ? -1 : Long.MAX_VALUE) : NOT_A_NUMBER;
        }
        long n = 0;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            n = n * 10 + (c - '0');
        }
        return negative ? -n : n;
    }

    private static boolean allDigits(String v, int from) {
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True/False/1/0 in any case; {@code null} for anything else. */
    static @Nullable Boolean parseBoolean(@Nullable String v) {
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }
}
