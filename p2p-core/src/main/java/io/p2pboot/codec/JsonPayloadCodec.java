package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.RecyclerPool;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code json} encoding: {@code {"data": VALUE}} written byte for byte as Python's
 * {@code json.dumps} writes it with its defaults ({@link PythonJsonStyle}, {@link PythonFloatRepr}),
 * because a Python peer checks a streamed message's size against the bytes it would write itself.
 * Reads what Python writes and standard JSON does not allow ({@code NaN}, {@code Infinity},
 * {@code -Infinity}). The caller's mapper is copied, never changed: the copy keeps its settings
 * and modules (which still decide how the application's types become JSON values), adds
 * {@link PreparedCreators} and {@link PythonMapKeys}, and takes Jackson's buffers per thread
 * ({@link PerThreadBuffers}) instead of from the caller's pool; the layout of the bytes is
 * always Python's, whatever the caller's mapper says about layout.
 */
public final class JsonPayloadCodec implements PayloadCodec {

    private static final byte[] PREFIX = "{\"data\": ".getBytes(StandardCharsets.US_ASCII);
    private static final String DATA = "data";

    private final JsonMapper mapper;
    private final ObjectReader reader;
    /** The reader of plain values, made once: deriving it per message showed in profiles. */
    private final ObjectReader plainValues;
    private final ObjectWriter writer;
    /** Whether the copy's stream factory wraps its generators in {@link PythonJsonGenerator} itself. */
    private final boolean factoryWrapsGenerators;
    /** Readers of the types handlers asked for, made once each. */
    private final ConcurrentMap<Type, ObjectReader> typedReaders = new ConcurrentHashMap<>();

    public JsonPayloadCodec(JsonMapper mapper) {
        this.mapper = copyOf(Objects.requireNonNull(mapper, "mapper"));
        // The value is read from the middle of the wrapper object: trailing tokens are expected
        // there, and checked by this codec once the wrapper is done.
        this.reader = this.mapper.reader()
                .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.plainValues = reader.forType(Object.class);
        this.writer = PythonJsonStyle.applyTo(this.mapper.writer());
        List<JsonGeneratorDecorator> decorators = this.mapper.tokenStreamFactory().getGeneratorDecorators();
        this.factoryWrapsGenerators = decorators != null && decorators.contains(PythonJsonGenerator.DECORATOR);
    }

    /**
     * A copy of the caller's mapper (theirs is left as it is), with constructors called the fast
     * way and, for a plain {@link JsonMapper} over a plain {@link JsonFactory}, buffers per
     * thread and generators that write floats as Python does. A mapper or factory of another
     * class (custom parsers) is copied as {@code rebuild()} copies it, with its own pool and
     * generators: rebuilding the factory would make a plain one.
     */
    private static JsonMapper copyOf(JsonMapper mapper) {
        if (mapper.getClass() == JsonMapper.class && mapper.tokenStreamFactory().getClass() == JsonFactory.class) {
            JsonMapper copy = CopyWithPerThreadBuffers.of(withCodecModules(mapper));
            if (copy != null) {
                return copy;
            }
        }
        return withCodecModules(mapper).build();
    }

    private static JsonMapper.Builder withCodecModules(JsonMapper mapper) {
        return mapper.rebuild().addModule(new PreparedCreators()).addModule(new PythonMapKeys());
    }

    /**
     * The caller's mapper settings and modules over a copy of its stream factory that takes
     * buffers from {@link PerThreadBuffers} and wraps its generators in {@link PythonJsonGenerator}.
     * The factory is only reachable from a builder's subclass; the settings travel through the
     * public saved state, as {@code rebuild()} does.
     */
    private static final class CopyWithPerThreadBuffers extends JsonMapper.Builder {

        /** {@code null} when the builder's saved state is not a plain JsonMapper's. */
        static @Nullable JsonMapper of(JsonMapper.Builder settings) {
            return settings.saveStateApplyModules() instanceof StateImpl state
                    ? new CopyWithPerThreadBuffers(state).build() : null;
        }

        private CopyWithPerThreadBuffers(StateImpl settings) {
            super(settings);
            _streamFactory = ((JsonFactory) _streamFactory).rebuild().recyclerPool(new PerThreadBuffers())
                    .addDecorator(PythonJsonGenerator.DECORATOR).build();
        }
    }

    /** A codec over a plain default mapper (for use outside Spring). */
    public JsonPayloadCodec() {
        this(JsonMapper.builder().build());
    }

    /** Where the copy's parsers and generators take their buffers from; for tests. */
    RecyclerPool<?> recyclerPool() {
        return mapper.tokenStreamFactory()._getRecyclerPool();
    }

    @Override
    public DataType dataType() {
        return DataType.JSON;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value) throws ProtocolException {
        return encode(alloc, value, 0);
    }

    /** Writes the json after the room directly: one buffer, no copy. */
    @Override
    public ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value, int headroom) throws ProtocolException {
        ByteBuf buf = alloc.buffer(headroom + 256);
        try {
            buf.writerIndex(headroom);
            buf.writeBytes(PREFIX);
            OutputStream out = new ByteBufOutputStream(buf);
            if (factoryWrapsGenerators) {
                writer.writeValue(out, value);
            } else {
                try (JsonGenerator generator = new PythonJsonGenerator(writer.createGenerator(out))) {
                    writer.writeValue(generator, value);
                }
            }
            buf.writeByte('}');
            return buf;
        } catch (JacksonException e) {
            buf.release();
            throw new ProtocolException("cannot write " + (value == null ? "null" : value.getClass().getName())
                    + " as json: " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable Object decode(ByteBuf payload) throws ProtocolException {
        return read(payload, plainValues);
    }

    /** {@link #decodeOwned} only checks; the value is built on the handler's thread. */
    @Override
    public boolean decodesOnEventLoop() {
        return true;
    }

    /**
     * Checks the array (a scan that builds nothing) and defers building the value: a handler
     * that reads it as a record gets it in one parse, with no plain maps in between.
     */
    @Override
    public @Nullable Object decodeOwned(byte[] payload) throws ProtocolException {
        parse(payload, null);
        return new DeferredJson(payload);
    }

    /**
     * Parses the array once, straight into {@code type}: the wrapper object is checked as the
     * value is bound. When that fails, the payload is scanned as {@link #decodeOwned(byte[])}
     * scans it, to tell a payload that is not valid json from a valid one whose value does not
     * fit the type; the scan runs only then, so a message that fits is parsed exactly once.
     */
    @Override
    public @Nullable Object decodeOwned(byte[] payload, Type type) throws ProtocolException {
        try {
            return parse(payload, readerFor(type));
        } catch (ProtocolException | RuntimeException failed) {
            parse(payload, null);
            throw new PayloadTypeMismatchException("json value cannot be read as " + type.getTypeName() + ": "
                    + reason(failed), failed);
        }
    }

    /** What Jackson said, without the location it appends (the payload is not the caller's text). */
    private static @Nullable String reason(Exception failed) {
        Throwable cause = failed instanceof ProtocolException && failed.getCause() != null ? failed.getCause() : failed;
        return cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
    }

    /** The reader of {@code type}'s values, made on its first use; the plain one for {@code Object}. */
    private ObjectReader readerFor(Type type) {
        if (type == Object.class) {
            return plainValues;
        }
        return typedReaders.computeIfAbsent(type, t -> reader.forType(mapper.getTypeFactory().constructType(t)));
    }

    /** A valid json payload, parsed on demand into the type a handler wants. */
    private final class DeferredJson implements DeferredValue {

        private final byte[] payload;

        DeferredJson(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public @Nullable Object value() throws ProtocolException {
            return parse(payload, plainValues);
        }

        @Override
        public @Nullable Object as(Type type) throws ProtocolException {
            if (type == Object.class) {
                return value();
            }
            try {
                return parse(payload, readerFor(type));
            } catch (ProtocolException e) {
                throw new ProtocolException("json value cannot be read as " + type.getTypeName() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Reads the data member with {@code valueReader}, or only checks the payload when it is {@code null}. */
    private @Nullable Object parse(byte[] payload, @Nullable ObjectReader valueReader) throws ProtocolException {
        try (JsonParser parser = reader.createParser(payload)) {
            return read(parser, valueReader);
        } catch (JacksonException e) {
            throw new ProtocolException("json payload is not valid: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public @Nullable Object decode(ByteBuf payload, Type type) throws ProtocolException {
        return decode(payload, mapper.getTypeFactory().constructType(type));
    }

    @Override
    public @Nullable Object convert(@Nullable Object value, Type type) throws ProtocolException {
        try {
            return mapper.convertValue(value, mapper.getTypeFactory().constructType(type));
        } catch (JacksonException e) {
            throw new ProtocolException("json value cannot be read as " + type.getTypeName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Decodes the {@code data} member into a Jackson type (records, POJOs, generic collections). */
    public @Nullable Object decode(ByteBuf payload, JavaType type) throws ProtocolException {
        return read(payload, reader.forType(type));
    }

    private @Nullable Object read(ByteBuf payload, ObjectReader valueReader) throws ProtocolException {
        ByteBuf view = payload.duplicate();
        try (ByteBufInputStream in = new ByteBufInputStream(view);
             JsonParser parser = reader.createParser((InputStream) in)) {
            return read(parser, valueReader);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw new ProtocolException("json payload cannot be read: " + e.getMessage(), e);
        }
    }

    private static @Nullable Object read(JsonParser parser, @Nullable ObjectReader valueReader) throws ProtocolException {
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("json payload is not an object");
            }
            boolean found = false;
            Object value = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (DATA.equals(name)) {
                    if (valueReader != null) {
                        value = valueReader.readValue(parser);
                    } else {
                        parser.skipChildren();
                    }
                    found = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new ProtocolException("json payload is not a complete object");
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException("json payload has content after its object");
            }
            if (!found) {
                throw new ProtocolException("json payload without 'data'");
            }
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (JacksonException e) {
            throw new ProtocolException("json payload is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
