package io.p2pboot.codec;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;
import org.jspecify.annotations.Nullable;

/**
 * The layout of Python's {@code json.dumps} with its defaults, set on a writer over whatever the
 * application's mapper chose (indentation, escapes, hex case, numbers as strings): separators
 * {@code ", "} and {@code ": "} with no line breaks, every character outside 0x20..0x7E escaped
 * ({@code \n}-style where JSON has a short escape, else {@code \u00e9} in lower case, characters
 * beyond the BMP as their surrogate pair), {@code /} left as it is, non-finite numbers as
 * {@code NaN}, {@code Infinity} and {@code -Infinity}. Floats are {@link PythonJsonGenerator}'s.
 */
final class PythonJsonStyle {

    private PythonJsonStyle() {
    }

    static ObjectWriter applyTo(ObjectWriter writer) {
        return writer.with(SpacedSeparators.INSTANCE)
                .with(AsciiEscapes.INSTANCE)
                .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                .with(JsonWriteFeature.QUOTE_PROPERTY_NAMES)
                .without(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .without(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .without(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS);
    }

    /**
     * Python's default separators; as a pretty printer, it also replaces any indentation. Two
     * single characters each: cheaper in Jackson's generator than a two-character string.
     */
    private static final class SpacedSeparators implements PrettyPrinter {

        static final SpacedSeparators INSTANCE = new SpacedSeparators();

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            g.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator g) {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) {
            g.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) {
            g.writeRaw(',');
            g.writeRaw(' ');
        }

        @Override
        public void writeObjectNameValueSeparator(JsonGenerator g) {
            g.writeRaw(':');
            g.writeRaw(' ');
        }

        @Override
        public void writeStartArray(JsonGenerator g) {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) {
            g.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) {
            g.writeRaw(',');
            g.writeRaw(' ');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) {
        }
    }

    /**
     * JSON's standard escapes, plus DEL (0x7F), which Python escapes and Jackson does not;
     * {@link JsonWriteFeature#ESCAPE_NON_ASCII} escapes the rest.
     */
    private static final class AsciiEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        static final AsciiEscapes INSTANCE = new AsciiEscapes();

        private final int[] ascii;

        private AsciiEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public @Nullable SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
