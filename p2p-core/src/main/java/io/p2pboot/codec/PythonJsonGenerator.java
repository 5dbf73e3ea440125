package io.p2pboot.codec;

import java.math.BigDecimal;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Writes what Jackson's generator writes differently from Python's {@code json.dumps}: floats
 * (see {@link PythonFloatRepr}), and names and strings that serializers hand over already quoted
 * (property names of records and POJOs, enum constants), which Jackson copies without escaping
 * non-ASCII or DEL; those that hold such a character are written as plain strings instead, so the
 * generator's escapes ({@link PythonJsonStyle}) apply to them.
 *
 * <p>Everything else goes to the generator it wraps, including values written by
 * {@code writePOJO} and {@code writeTree}, which are serialized through this one.
 */
final class PythonJsonGenerator extends JsonGeneratorDelegate {

    /** Wraps each generator of the codec's stream factory. */
    static final JsonGeneratorDecorator DECORATOR = (factory, generator) -> new PythonJsonGenerator(generator);

    PythonJsonGenerator(JsonGenerator generator) {
        super(generator, false);
    }

    @Override
    public JsonGenerator writeNumber(double value) throws JacksonException {
        delegate.writeNumber(PythonFloatRepr.of(value));
        return this;
    }

    @Override
    public JsonGenerator writeNumber(float value) throws JacksonException {
        delegate.writeNumber(PythonFloatRepr.of(value));
        return this;
    }

    @Override
    public JsonGenerator writeNumber(BigDecimal value) throws JacksonException {
        if (value == null) {
            delegate.writeNull();
        } else {
            delegate.writeNumber(PythonFloatRepr.of(value));
        }
        return this;
    }

    /** A {@code double[]}: the wrapped generator would write its elements with its own writer. */
    @Override
    public JsonGenerator writeArray(double[] array, int offset, int length) throws JacksonException {
        Objects.checkFromIndexSize(offset, length, array.length);
        writeStartArray(array, length);
        for (int i = offset, end = offset + length; i < end; i++) {
            writeNumber(array[i]);
        }
        writeEndArray();
        return this;
    }

    @Override
    public JsonGenerator writeName(SerializableString name) throws JacksonException {
        if (printableAscii(name.getValue())) {
            delegate.writeName(name);
        } else {
            delegate.writeName(name.getValue());
        }
        return this;
    }

    @Override
    public JsonGenerator writeString(SerializableString text) throws JacksonException {
        if (text == null || printableAscii(text.getValue())) {
            delegate.writeString(text);
        } else {
            delegate.writeString(text.getValue());
        }
        return this;
    }

    /** Whether Jackson's quoting of {@code s} is already Python's: only 0x20 to 0x7E. */
    private static boolean printableAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
