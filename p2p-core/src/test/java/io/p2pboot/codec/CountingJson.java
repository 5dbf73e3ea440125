package io.p2pboot.codec;

import java.io.DataInput;
import java.io.InputStream;
import java.io.Reader;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JsonParser;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.io.InputDecorator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * A Jackson mapper that counts what a json codec made from it does: the parsers it opens (each
 * one a pass over a payload) and the {@link Line}s it binds. For tests that prove a payload is
 * parsed, or a value bound, once.
 */
public final class CountingJson {

    /** A chat line; binding one is counted. */
    public record Line(String from, String text) {
    }

    private final AtomicInteger parsers = new AtomicInteger();
    private final AtomicInteger lines = new AtomicInteger();
    private final JsonMapper mapper;

    public CountingJson() {
        JsonFactory factory = JsonFactory.builder().inputDecorator(new ParserCounter()).build();
        this.mapper = JsonMapper.builder(factory)
                .addModule(new SimpleModule("counting-lines").addDeserializer(Line.class, new LineDeserializer()))
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** Parsers opened so far, over arrays and streams alike. */
    public int parsers() {
        return parsers.get();
    }

    /** Lines bound so far. */
    public int lines() {
        return lines.get();
    }

    /** Counts each parser the factory opens, leaving its input as it is. */
    private final class ParserCounter extends InputDecorator {

        private static final long serialVersionUID = 1L;

        @Override
        public InputStream decorate(IOContext context, InputStream in) {
            parsers.incrementAndGet();
            return in;
        }

        @Override
        public InputStream decorate(IOContext context, byte[] src, int offset, int length) {
            parsers.incrementAndGet();
            return null; // read the array itself
        }

        @Override
        public DataInput decorate(IOContext context, DataInput input) {
            parsers.incrementAndGet();
            return input;
        }

        @Override
        public Reader decorate(IOContext context, Reader reader) {
            parsers.incrementAndGet();
            return reader;
        }
    }

    /** Binds a {@link Line} from its two members, counting. */
    private final class LineDeserializer extends StdDeserializer<Line> {

        LineDeserializer() {
            super(Line.class);
        }

        @Override
        public Line deserialize(JsonParser parser, DeserializationContext context) {
            lines.incrementAndGet();
            JsonNode node = context.readTree(parser);
            return new Line(node.path("from").asString(), node.path("text").asString());
        }
    }
}
