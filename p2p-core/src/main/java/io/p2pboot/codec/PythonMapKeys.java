package io.p2pboot.codec;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Map keys that are not strings, written as {@code json.dumps} writes a dict's: a float key as
 * its {@code repr} ({@code {1e+16: 1}}, where Jackson writes {@code "1.0E16"}) and a null key as
 * {@code "null"} (where Jackson refuses it). Integer and boolean keys are already written alike.
 */
final class PythonMapKeys extends SimpleModule {

    private static final long serialVersionUID = 1L;

    PythonMapKeys() {
        super(PythonMapKeys.class.getName());
        addKeySerializer(Double.class, new FloatKey<>(Double.class));
        addKeySerializer(Float.class, new FloatKey<>(Float.class));
        addKeySerializer(BigDecimal.class, new FloatKey<>(BigDecimal.class));
        setDefaultNullKeySerializer(new NullKey());
    }

    private static final class FloatKey<T> extends StdSerializer<T> {

        FloatKey(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T key, JsonGenerator g, SerializationContext context) {
            g.writeName(key instanceof Double d ? PythonFloatRepr.of(d)
                    : key instanceof Float f ? PythonFloatRepr.of(f) : PythonFloatRepr.of((BigDecimal) key));
        }
    }

    private static final class NullKey extends StdSerializer<Object> {

        NullKey() {
            super(Object.class);
        }

        @Override
        public void serialize(Object key, JsonGenerator g, SerializationContext context) {
            g.writeName("null");
        }
    }
}
