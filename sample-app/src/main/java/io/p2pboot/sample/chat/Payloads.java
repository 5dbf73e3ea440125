package io.p2pboot.sample.chat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes received values as JSON: maps, lists, tuples and sets as JSON objects and arrays, bytes
 * as a string when they are UTF-8, else as {@code {"base64": ...}}. The value is walked once,
 * straight into the output, within {@link Limits}: a hostile value (nested too deep, cyclic, with
 * shared subtrees that multiply when walked, or with numbers whose decimal form takes quadratic
 * time) is refused with a reason after at most as much work as a value of the allowed size.
 */
public final class Payloads {

    /** log10(2): an integer of b bits has about b × this decimal digits. */
    private static final double DIGITS_PER_BIT = Math.log10(2);

    private Payloads() {
    }

    /**
     * Bounds of one rendering.
     *
     * @param maxDepth levels of nesting allowed (a list in a list is 2)
     * @param maxDigits digits a number may have in decimal (its unscaled value, for a decimal);
     *     converting a binary integer to decimal takes time quadratic in its length
     * @param maxSize bytes of JSON the value may take
     */
    public record Limits(int maxDepth, int maxDigits, long maxSize) {
    }

    /**
     * The value as JSON (UTF-8), written by the mapper's generator.
     *
     * @throws UnrenderableValueException when it is beyond the limits, saying which
     */
    public static byte[] toJson(Object value, JsonMapper mapper, Limits limits) {
        return new Rendering(mapper, limits, limits.maxSize()).json(value, 0);
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

    /** One walk of a value into one bounded output. */
    private static final class Rendering {

        private final JsonMapper mapper;
        private final Limits limits;
        private final BoundedOutput out;
        private JsonGenerator json;

        Rendering(JsonMapper mapper, Limits limits, long maxSize) {
            this.mapper = mapper;
            this.limits = limits;
            this.out = new BoundedOutput(maxSize, limits.maxSize());
        }

        byte[] json(Object value, int depth) {
            try (JsonGenerator generator = mapper.createGenerator(out)) {
                json = generator;
                write(value, depth);
            }
            return out.toByteArray();
        }

        private void write(Object value, int depth) {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof String s) {
                json.writeString(s);
            } else if (value instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (value instanceof Number number) {
                writeNumber(number);
            } else if (value instanceof byte[] bytes) {
                Object view = bytesView(bytes);
                if (view instanceof String s) {
                    json.writeString(s);
                } else {
                    write(view, depth);
                }
            } else if (value instanceof Map<?, ?> map) {
                enter(depth);
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeName(key(entry.getKey(), depth + 1));
                    write(entry.getValue(), depth + 1);
                }
                json.writeEndObject();
            } else if (value instanceof Collection<?> items) {
                enter(depth);
                json.writeStartArray();
                for (Object item : items) {
                    write(item, depth + 1);
                }
                json.writeEndArray();
            } else if (value instanceof Object[] items) {
                enter(depth);
                json.writeStartArray();
                for (Object item : items) {
                    write(item, depth + 1);
                }
                json.writeEndArray();
            } else {
                json.writeString(value.toString()); // e.g. a pickled complex number
            }
        }

        private void writeNumber(Number number) {
            checkDigits(number);
            if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
                json.writeNumber(number.longValue());
            } else if (number instanceof Double || number instanceof Float) {
                json.writeNumber(number.doubleValue());
            } else if (number instanceof BigInteger integer) {
                json.writeNumber(integer);
            } else if (number instanceof BigDecimal decimal) {
                json.writeNumber(decimal);
            } else {
                json.writeString(number.toString());
            }
        }

        /** A key as text: a string as is, a number in decimal, anything else (a tuple, bytes) as its JSON. */
        private String key(Object key, int depth) {
            if (key == null || key instanceof String || key instanceof Boolean) {
                return String.valueOf(key);
            }
            if (key instanceof Number number) {
                checkDigits(number);
                return number.toString();
            }
            if (key instanceof byte[] bytes && bytesView(bytes) instanceof String s) {
                return s;
            }
            byte[] text = new Rendering(mapper, limits, limits.maxSize() - out.size()).json(key, depth);
            return new String(text, StandardCharsets.UTF_8);
        }

        private void enter(int depth) {
            if (depth + 1 > limits.maxDepth()) {
                throw new UnrenderableValueException("nested deeper than " + limits.maxDepth() + " levels");
            }
        }

        /** Refuses a number longer than the limit, without converting a long one to decimal. */
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

    /** The output of a rendering, refusing to grow beyond its room (the generator's buffer fills it in chunks). */
    private static final class BoundedOutput extends ByteArrayOutputStream {

        private final long room;
        private final long historyBytes;

        BoundedOutput(long room, long historyBytes) {
            this.room = room;
            this.historyBytes = historyBytes;
        }

        @Override
        public synchronized void write(int b) {
            ensureRoom(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ensureRoom(len);
            super.write(b, off, len);
        }

        private void ensureRoom(int more) {
            if (count + (long) more > room) {
                throw new UnrenderableValueException("its JSON would take more than chat.history-bytes ("
                        + historyBytes + " bytes)");
            }
        }
    }
}
