package io.p2pboot.sample.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns received values into JSON-friendly ones: bytes become a string when they are UTF-8, else
 * {@code {"base64": ...}}. The walk is bounded ({@link Limits}), so a hostile value (nested too
 * deep, cyclic, with shared subtrees that multiply when walked, or with numbers whose decimal form
 * costs quadratic time) is refused with a reason instead of taking the thread or the heap.
 */
public final class Payloads {

    /** log10(2): an integer of b bits has about b × this decimal digits. */
    private static final double DIGITS_PER_BIT = Math.log10(2);

    private Payloads() {
    }

    /**
     * Bounds of one walk.
     *
     * @param maxDepth levels of nesting allowed (a list in a list is 2)
     * @param maxDigits digits a number may have in decimal (its unscaled value, for a decimal);
     *     converting a binary integer to decimal takes time quadratic in its length
     * @param maxSize about how many bytes the value may take as JSON (each value counts at least 1,
     *     a string its length, bytes their base64 length)
     */
    public record Limits(int maxDepth, int maxDigits, long maxSize) {
    }

    /** The value with byte arrays, tuples, sets and other pickled shapes made plain JSON values, within the limits. */
    public static Object toView(Object value, Limits limits) {
        return new Walk(limits).view(value, 0);
    }

    /** A string when the bytes are valid UTF-8, otherwise {@code {"base64": "..."}}. */
    public static Object bytesView(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Map.of("base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    /** One bounded walk: the depth it is at, and the size it has met so far. */
    private static final class Walk {

        private final Limits limits;
        private long size;

        Walk(Limits limits) {
            this.limits = limits;
        }

        Object view(Object value, int depth) {
            count(1);
            if (value == null || value instanceof String || value instanceof Boolean) {
                if (value instanceof String s) {
                    count(s.length());
                }
                return value;
            }
            if (value instanceof Number number) {
                checkDigits(number);
                return value;
            }
            if (value instanceof byte[] bytes) {
                enter(depth); // {"base64": ...} when not UTF-8
                count(bytes.length * 4L / 3);
                return bytesView(bytes);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                enter(depth);
                map.forEach((k, v) -> copy.put(key(k, depth + 1), view(v, depth + 1)));
                return copy;
            }
            if (value instanceof Collection<?> items) {
                enter(depth);
                List<Object> copy = new ArrayList<>(items.size());
                items.forEach(v -> copy.add(view(v, depth + 1)));
                return copy;
            }
            if (value instanceof Object[] items) {
                enter(depth);
                List<Object> copy = new ArrayList<>(items.length);
                Arrays.asList(items).forEach(v -> copy.add(view(v, depth + 1)));
                return copy;
            }
            String text = value.toString(); // e.g. a pickled complex number
            count(text.length());
            return text;
        }

        /** A key as text: a string as is, anything else (a tuple, a number) as its bounded view's text. */
        private String key(Object key, int depth) {
            Object view = key instanceof byte[] bytes ? bytesView(bytes) : view(key, depth);
            return String.valueOf(view);
        }

        private void enter(int depth) {
            if (depth + 1 > limits.maxDepth()) {
                throw new UnrenderableValueException("nested deeper than " + limits.maxDepth() + " levels");
            }
        }

        private void count(long n) {
            size += n;
            if (size > limits.maxSize()) {
                throw new UnrenderableValueException("its JSON would take more than chat.history-bytes ("
                        + limits.maxSize() + " bytes)");
            }
        }

        /** Refuses an integer longer than the limit, without converting a long one to decimal. */
        private void checkDigits(Number number) {
            BigInteger integer = number instanceof BigInteger i ? i
                    : number instanceof BigDecimal d ? d.unscaledValue() : null;
            if (integer == null) {
                return;
            }
            int bits = integer.bitLength();
            if (bits * DIGITS_PER_BIT + 1 < limits.maxDigits()) {
                return; // fewer digits for sure
            }
            if ((bits - 1) * DIGITS_PER_BIT > limits.maxDigits() || integer.abs().toString().length() > limits.maxDigits()) {
                throw new UnrenderableValueException("a number of " + bits + " bits has more than "
                        + limits.maxDigits() + " digits");
            }
        }
    }
}
