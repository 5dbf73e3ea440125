package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import io.p2pboot.protocol.TrackingAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPayloadCodecTest {

    record Point(int x, int y) {
    }

    public static class Box {
        public String name;
        public List<Integer> values;
    }

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final JsonPayloadCodec codec = new JsonPayloadCodec(mapper);

    @AfterEach
    void nothingLeaks() {
        assertThat(alloc.leaks()).isEmpty();
    }

    private static ByteBuf fixture(String name) throws IOException {
        try (InputStream in = JsonPayloadCodecTest.class.getResourceAsStream("/json/" + name + ".json")) {
            return Unpooled.wrappedBuffer(in.readAllBytes());
        }
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private String encodeToString(Object value) throws ProtocolException {
        ByteBuf buf = codec.encode(alloc, value);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void encodesTheValueWrappedInDataAsPythonDoes() throws Exception {
        assertThat(codec.dataType()).isEqualTo(DataType.JSON);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", 1);
        m.put("y", List.of("a"));
        assertThat(encodeToString(m)).isEqualTo("{\"data\": {\"x\": 1, \"y\": [\"a\"]}}");
        assertThat(encodeToString(null)).isEqualTo("{\"data\": null}");
        assertThat(encodeToString("h\u00e9")).isEqualTo("{\"data\": \"h\\u00e9\"}");
    }

    @Test
    void writesTheBytesPythonsJsonDumpsWrites() throws Exception {
        // python3 -c 'import json; print(json.dumps({"data": [1000, "\u00e9\u2713"]}))'
        assertThat(encodeToString(List.of(1000, "\u00e9\u2713"))).isEqualTo("{\"data\": [1000, \"\\u00e9\\u2713\"]}");
        assertThat(encodeToString(List.of("\u007f\u0001\u001f/\"\\\n\r\t\b\f", "\uD83D\uDE00", List.of(), Map.of())))
                .isEqualTo("{\"data\": [\"\\u007f\\u0001\\u001f/\\\"\\\\\\n\\r\\t\\b\\f\", \"\\ud83d\\ude00\", [], {}]}");
        assertThat(encodeToString(List.of(1e-5, 1e16, 0.1, -0.0, 1.0, 5e-324, 1e23)))
                .isEqualTo("{\"data\": [1e-05, 1e+16, 0.1, -0.0, 1.0, 5e-324, 1e+23]}");
        assertThat(encodeToString(new double[] {1e-5, 1e16})).isEqualTo("{\"data\": [1e-05, 1e+16]}");
    }

    /** A record whose component name is not ASCII: Jackson writes such names pre-quoted. */
    record Caf\u00e9(int caf\u00e9, Level level) {
    }

    enum Level { HIGH, \u00c9LEV\u00c9 }

    @Test
    void namesAndEnumConstantsOfRecordsAreEscapedAsPythonEscapesThem() throws Exception {
        assertThat(encodeToString(new Caf\u00e9(1, Level.\u00c9LEV\u00c9)))
                .isEqualTo("{\"data\": {\"caf\\u00e9\": 1, \"level\": \"\\u00c9LEV\\u00c9\"}}");
        assertThat(encodeToString(new Caf\u00e9(2, Level.HIGH))).isEqualTo("{\"data\": {\"caf\\u00e9\": 2, \"level\": \"HIGH\"}}");
    }

    @Test
    void floatsAndBigDecimalsAreWrittenInPythonsFloatLayout() throws Exception {
        assertThat(encodeToString(List.of(0.1f, 1e-5f, new BigDecimal("1E+3"), new BigDecimal("12.340"),
                BigInteger.TWO.pow(64), Long.MIN_VALUE)))
                .isEqualTo("{\"data\": [0.1, 1e-05, 1000.0, 12.34, 18446744073709551616, -9223372036854775808]}");
    }

    @Test
    void theApplicationsWriteSettingsDoNotChangeTheWireLayout() throws Exception {
        JsonMapper styled = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(JsonWriteFeature.WRITE_HEX_UPPER_CASE, JsonWriteFeature.ESCAPE_FORWARD_SLASHES,
                        JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS, JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .disable(JsonWriteFeature.QUOTE_PROPERTY_NAMES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        JsonPayloadCodec styledCodec = new JsonPayloadCodec(styled);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a/\u00fc", List.of(1, 2.5, Double.NaN, new BigDecimal("1E+3")));
        m.put("p", new Point(1, 2));
        ByteBuf out = styledCodec.encode(alloc, m);
        try {
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"data\": {\"a/\\u00fc\": [1, 2.5, NaN, 1000.0], \"p\": {\"x\": 1, \"y\": 2}}}");
        } finally {
            out.release();
        }
    }

    @Test
    void writesNonFiniteDoublesAsPythonDoesSoThatPythonReadsFloats() throws Exception {
        assertThat(encodeToString(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
                .isEqualTo("{\"data\": [NaN, Infinity, -Infinity]}");
    }

    @Test
    void readsPythonObjects() throws Exception {
        Object v = codec.decode(fixture("object"));
        assertThat(v).isEqualTo(Map.of("x", 1, "y", java.util.Arrays.asList(1, 2.5, null, true, "s")));
    }

    @Test
    void readsPythonNonFiniteNumbers() throws Exception {
        @SuppressWarnings("unchecked")
        List<Double> v = (List<Double>) codec.decode(fixture("non_finite"));
        assertThat(v.get(0)).isNaN();
        assertThat(v.get(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(v.get(2)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void readsPythonBigIntegersExactly() throws Exception {
        assertThat(codec.decode(fixture("big_int"))).isEqualTo(BigInteger.TWO.pow(100));
    }

    @Test
    void readsPythonUnicodeEscapes() throws Exception {
        assertThat(codec.decode(fixture("unicode"))).isEqualTo("h\u00e9llo \u2713");
        assertThat(codec.decode(fixture("null"))).isNull();
    }

    @Test
    void decodesStraightIntoRecordsPojosAndGenericTypes() throws Exception {
        assertThat(codec.decode(utf8("{\"data\": {\"x\": 1, \"y\": 2}}"), Point.class)).isEqualTo(new Point(1, 2));
        Box box = codec.decode(utf8("{\"data\": {\"name\": \"b\", \"values\": [1, 2]}}"), Box.class);
        assertThat(box.name).isEqualTo("b");
        assertThat(box.values).containsExactly(1, 2);
        java.lang.reflect.Type listOfPoints = new TypeReference<List<Point>>() { }.getType();
        assertThat(codec.decode(utf8("{\"data\": [{\"x\": 1, \"y\": 2}]}"), listOfPoints)).isEqualTo(List.of(new Point(1, 2)));
        assertThat(codec.decode(utf8("{\"data\": [3]}"), mapper.getTypeFactory().constructCollectionType(List.class, Long.class)))
                .isEqualTo(List.of(3L));
    }

    @Test
    void dataMayComeAfterOtherMembersAndTheLastOneWins() throws Exception {
        assertThat(codec.decode(utf8("{\"a\": {\"b\": [1]}, \"data\": 1, \"data\": 2}"))).isEqualTo(2);
    }

    @Test
    void decodingLeavesThePayloadUntouched() throws Exception {
        ByteBuf buf = utf8("{\"data\": 1}");
        codec.decode(buf);
        assertThat(buf.readerIndex()).isZero();
        assertThat(buf.refCnt()).isEqualTo(1);
    }

    @Test
    void aPayloadWithoutDataIsAProtocolError() {
        assertThatThrownBy(() -> codec.decode(utf8("{\"value\": 1}"))).isInstanceOf(ProtocolException.class)
                .hasMessage("json payload without 'data'");
    }

    @Test
    void malformedPayloadsAreProtocolErrors() {
        assertThatThrownBy(() -> codec.decode(utf8("[1]"))).hasMessage("json payload is not an object");
        assertThatThrownBy(() -> codec.decode(utf8("{\"data\": 1} x"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> codec.decode(utf8("{\"data\": "))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'})))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> codec.decode(utf8(""))).isInstanceOf(ProtocolException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anOwnedPayloadIsCheckedAtOnceButParsedOnlyIntoTheTypeAskedFor() throws Exception {
        DeferredValue deferred = (DeferredValue) codec.decodeOwned(bytes("{\"a\": [1], \"data\": {\"x\": 1, \"y\": 2}}"));
        assertThat(deferred.as(Point.class)).isEqualTo(new Point(1, 2));
        assertThat(deferred.value()).isEqualTo(java.util.Map.of("x", 1, "y", 2));
        assertThat(deferred.as(Object.class)).isEqualTo(java.util.Map.of("x", 1, "y", 2));
        java.lang.reflect.Type listOfPoints = new TypeReference<List<Point>>() { }.getType();
        DeferredValue list = (DeferredValue) codec.decodeOwned(bytes("{\"data\": [{\"x\": 3, \"y\": 4}]}"));
        assertThat(list.as(listOfPoints)).isEqualTo(List.of(new Point(3, 4)));
        assertThat(((DeferredValue) codec.decodeOwned(bytes("{\"data\": 1, \"data\": 2}"))).value()).isEqualTo(2);
        assertThatThrownBy(() -> list.as(Point.class)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("json value cannot be read as " + Point.class.getName());
    }

    @Test
    void anOwnedPayloadIsRejectedOnArrivalForWhatDecodeRejects() {
        assertThatThrownBy(() -> codec.decodeOwned(bytes("{\"value\": 1}"))).hasMessage("json payload without 'data'");
        assertThatThrownBy(() -> codec.decodeOwned(bytes("[1]"))).hasMessage("json payload is not an object");
        for (String bad : new String[] {"{\"data\": 1} x", "{\"data\": ", "", "{\"data\": [1, }", "{\"data\": \"\\q\"}",
                "{\"data\": {\"a\" 1}}"}) {
            assertThatThrownBy(() -> codec.decodeOwned(bytes(bad))).as(bad).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> codec.decodeOwned(new byte[] {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aValueThatDoesNotFitTheTypeIsAProtocolError() {
        assertThatThrownBy(() -> codec.decode(utf8("{\"data\": \"x\"}"), Point.class)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aPayloadBoundToATypeIsParsedOnceWhereCheckingThenReadingParsesTwice() throws Exception {
        CountingJson counting = new CountingJson();
        JsonPayloadCodec counted = new JsonPayloadCodec(counting.mapper());
        byte[] line = bytes("{\"data\": {\"from\": \"ann\", \"text\": \"hi\"}}");

        Object bound = counted.decodeOwned(line, CountingJson.Line.class);
        assertThat(bound).isEqualTo(new CountingJson.Line("ann", "hi"));
        assertThat(counting.parsers()).isEqualTo(1);
        assertThat(counting.lines()).isEqualTo(1);

        DeferredValue checked = (DeferredValue) counted.decodeOwned(line);
        assertThat(checked.as(CountingJson.Line.class)).isEqualTo(bound);
        assertThat(counting.parsers()).isEqualTo(1 + 2);
        assertThat(counting.lines()).isEqualTo(1 + 1);
    }

    @Test
    void aBoundPayloadInItsNaturalFormIsReadLikeDecode() throws Exception {
        assertThat(codec.decodeOwned(bytes("{\"data\": {\"x\": 1, \"y\": [2.5, null]}}"), Object.class))
                .isEqualTo(codec.decode(utf8("{\"data\": {\"x\": 1, \"y\": [2.5, null]}}")));
        java.lang.reflect.Type listOfPoints = new TypeReference<List<Point>>() { }.getType();
        assertThat(codec.decodeOwned(bytes("{\"data\": [{\"x\": 3, \"y\": 4}]}"), listOfPoints))
                .isEqualTo(List.of(new Point(3, 4)));
        assertThat(codec.decodeOwned(bytes("{\"data\": null}"), Point.class)).isNull();
    }

    @Test
    void bindingTellsAPayloadThatIsNotJsonFromAValueThatDoesNotFit() {
        // Not valid: the sender broke the protocol, whatever the type.
        for (String bad : new String[] {"{\"value\": 1}", "[1]", "{\"data\": {\"x\": 1, \"y\": 2}} x",
                "{\"data\": {\"x\": 1, ", "{\"data\": {\"x\": 1, \"y\" 2}}", "",
                // the value does not fit, and the rest is not valid either: the payload decides
                "{\"data\": \"x\", \"more\": [1, }", "{\"data\": {\"x\": \"a\", \"y\": \"\\q\"}}"}) {
            assertThatThrownBy(() -> codec.decodeOwned(bytes(bad), Point.class)).as(bad)
                    .isInstanceOf(ProtocolException.class);
        }
        // Valid json that is not a Point: the reader's problem.
        for (String misfit : new String[] {"{\"data\": \"x\"}", "{\"data\": [1, 2]}", "{\"data\": {\"x\": \"a\"}}",
                "{\"data\": {\"x\": {\"deep\": [1, {}]}, \"y\": 2}}"}) {
            assertThatThrownBy(() -> codec.decodeOwned(bytes(misfit), Point.class)).as(misfit)
                    .isInstanceOf(PayloadTypeMismatchException.class)
                    .hasMessageStartingWith("json value cannot be read as " + Point.class.getName() + ": ");
        }
        // Jackson reports an int out of range as a stream read error: still valid json, still a misfit.
        assertThatThrownBy(() -> codec.decodeOwned(bytes("{\"data\": 99999999999}"), Integer.class))
                .isInstanceOf(PayloadTypeMismatchException.class)
                .hasCauseInstanceOf(ProtocolException.class)
                .hasRootCauseInstanceOf(tools.jackson.core.exc.InputCoercionException.class);
        // A constructor that refuses the value is the type's problem too.
        assertThatThrownBy(() -> codec.decodeOwned(bytes("{\"data\": {\"x\": -1, \"y\": 0}}"), NonNegative.class))
                .isInstanceOf(PayloadTypeMismatchException.class)
                .hasMessageContaining("negative");
    }

    record NonNegative(int x, int y) {
        NonNegative {
            if (x < 0 || y < 0) {
                throw new IllegalArgumentException("negative");
            }
        }
    }

    @Test
    void theOtherCodecsBindOnlyValuesOfTheirOwnType() throws Exception {
        BytesPayloadCodec bytesCodec = new BytesPayloadCodec();
        byte[] payload = {1, 2, 3};
        assertThat(bytesCodec.decodeOwned(payload, byte[].class)).isSameAs(payload);
        assertThatThrownBy(() -> bytesCodec.decodeOwned(payload, Point.class))
                .isInstanceOf(PayloadTypeMismatchException.class)
                .hasMessage("a bytes value of [B cannot be read as " + Point.class.getName());
    }

    /** Writes a {@link Point} as {@code "x/y"}. */
    private static final class SlashedPoint extends StdSerializer<Point> {
        SlashedPoint() {
            super(Point.class);
        }

        @Override
        public void serialize(Point p, JsonGenerator g, SerializationContext c) {
            g.writeString(p.x() + "/" + p.y());
        }
    }

    @Test
    void theCopyKeepsTheCallersModulesAndFactorySettingsAndTakesBuffersPerThread() throws Exception {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        JsonMapper callers = JsonMapper.builder(factory)
                .addModule(new SimpleModule().addSerializer(new SlashedPoint())).build();
        JsonPayloadCodec copy = new JsonPayloadCodec(callers);

        ByteBuf out = copy.encode(ByteBufAllocator.DEFAULT, List.of(new Point(1, 2), "é"));
        try {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"data\": [\"1/2\", \"\\u00e9\"]}");
        } finally {
            out.release();
        }
        assertThat(copy.recyclerPool()).isInstanceOf(PerThreadBuffers.class);
        assertThat(callers.tokenStreamFactory()._getRecyclerPool()).isNotInstanceOf(PerThreadBuffers.class);
    }

    /** A factory of its own class, as one with custom escapes or parsers would be. */
    private static final class OwnFactory extends JsonFactory {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aFactoryOfAnotherClassIsKeptWithItsOwnPool() throws Exception {
        JsonMapper callers = JsonMapper.builder(new OwnFactory()).build();
        JsonPayloadCodec copy = new JsonPayloadCodec(callers);

        assertThat(copy.recyclerPool()).isSameAs(callers.tokenStreamFactory()._getRecyclerPool());
        ByteBuf out = copy.encode(ByteBufAllocator.DEFAULT, List.of(1, 2.5, "\u00e9"));
        try {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"data\": [1, 2.5, \"\\u00e9\"]}");
        } finally {
            out.release();
        }
    }

    @Test
    void theCallersMapperIsNotChanged() {
        assertThat(mapper.isEnabled(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)).isFalse();
        assertThatThrownBy(() -> mapper.readTree("NaN")).isInstanceOf(tools.jackson.core.JacksonException.class);
    }
}
