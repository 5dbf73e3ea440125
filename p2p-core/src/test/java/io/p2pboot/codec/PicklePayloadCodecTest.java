package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import io.p2pboot.protocol.TrackingAllocator;
import net.razorvine.pickle.objects.ComplexNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads the pickles CPython wrote (src/test/resources/pickle/make_fixtures.py). */
class PicklePayloadCodecTest {

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final PicklePayloadCodec codec = new PicklePayloadCodec();

    @AfterEach
    void nothingLeaks() {
        assertThat(alloc.leaks()).isEmpty();
    }

    static byte[] fixtureBytes(String file) throws IOException {
        try (InputStream in = PicklePayloadCodecTest.class.getResourceAsStream("/pickle/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private Object load(String name, int protocol) throws Exception {
        return codec.decode(Unpooled.wrappedBuffer(fixtureBytes(name + ".p" + protocol + ".pkl")));
    }

    private Object loadHostile(String name) throws Exception {
        return codec.decode(Unpooled.wrappedBuffer(fixtureBytes(name + ".pkl")));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void readsCPythonScalars(int p) throws Exception {
        assertThat(load("none", p)).isNull();
        assertThat(load("true", p)).isEqualTo(true);
        assertThat(load("false", p)).isEqualTo(false);
        assertThat(load("int_small", p)).isEqualTo(42);
        assertThat(load("int_negative", p)).isEqualTo(-7);
        assertThat(((Number) load("int_long", p)).longValue()).isEqualTo(1L << 40);
        assertThat(load("int_big", p)).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(load("int_negative_big", p)).isEqualTo(BigInteger.TWO.pow(70).negate());
        assertThat(load("float", p)).isEqualTo(1.5);
        assertThat((Double) load("float_nan", p)).isNaN();
        assertThat(load("float_inf", p)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(load("str_ascii", p)).isEqualTo("hello");
        assertThat(load("str_unicode", p)).isEqualTo("h\u00e9llo \u2713 \uD83D\uDE00");
        assertThat(load("str_empty", p)).isEqualTo("");
        assertThat(load("complex", p)).isEqualTo(new ComplexNumber(1, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void readsCPythonBytes(int p) throws Exception {
        assertThat(load("bytes", p)).isEqualTo(new byte[] {0, 1, (byte) 0xff});
        byte[] expected = new byte[512];
        for (int i = 0; i < 512; i++) {
            expected[i] = (byte) i;
        }
        assertThat(load("bytes_long", p)).isEqualTo(expected);
        assertThat(load("bytearray", p)).isEqualTo(new byte[] {'a', 'b'});
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void readsCPythonContainers(int p) throws Exception {
        assertThat(load("list", p)).isEqualTo(Arrays.asList(1, "a", null, 2.5, true));
        assertThat(load("tuple", p)).isEqualTo(new Object[] {1, 2, 3});
        assertThat(load("tuple_empty", p)).isEqualTo(new Object[0]);
        Object dict = load("dict", p);
        assertThat(dict).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<Object>(((Map<?, ?>) dict).keySet())).containsExactly("b", "a", "c");
        assertThat(((Map<?, ?>) dict).get("a")).isEqualTo(List.of(1, 2));
        assertThat(load("dict_int_keys", p)).isEqualTo(Map.of(1, "one", 2, "two"));
        assertThat(load("set", p)).isEqualTo(Set.of(1, 2, 3));
        assertThat(load("set_empty", p)).isEqualTo(Set.of());
        assertThat(load("frozenset", p)).isEqualTo(Set.of(4, 5));
        assertThat(new ArrayList<Object>((List<?>) load("repeated_builtins", p))).containsExactly(new byte[] {'a'}, new byte[] {'b'},
                new ComplexNumber(0, 1), new ComplexNumber(0, 2));
        List<?> thousand = (List<?>) load("list_1000", p);
        assertThat(thousand).hasSize(1000);
        assertThat(thousand.get(0)).isEqualTo(0);
        assertThat(thousand.get(999)).isEqualTo(999);
        Map<?, ?> tupleKeys = (Map<?, ?>) load("dict_tuple_keys", p);
        assertThat(tupleKeys.keySet().iterator().next()).isEqualTo(new Object[] {1, 2});
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void keepsSharedReferencesShared(int p) throws Exception {
        List<?> shared = (List<?>) load("shared", p);
        assertThat(shared.get(0)).isSameAs(shared.get(1)).isEqualTo(List.of(1, 2));
    }

    @Test
    void refusesOsSystemCalledThroughStackGlobalAndReduce() {
        assertThatThrownBy(() -> loadHostile("hostile_os_system")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("refused").hasMessageContaining("GLOBAL").hasMessageContaining("system");
    }

    @Test
    void refusesOsSystemInProtocolZero() {
        assertThatThrownBy(() -> loadHostile("hostile_os_system_p0")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("refused: GLOBAL os.system");
    }

    @Test
    void refusesAClassInstance() {
        assertThatThrownBy(() -> loadHostile("hostile_instance")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("refused: GLOBAL __main__.Point");
    }

    @Test
    void refusesABuiltinThatIsNotAPlainValue() {
        assertThatThrownBy(() -> loadHostile("hostile_eval")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("refused: GLOBAL builtins.eval");
    }

    @Test
    void refusesPersistentIds() {
        assertThatThrownBy(() -> loadHostile("hostile_persid")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("refused: PERSID/BINPERSID");
    }

    @Test
    void refusesALengthLargerThanThePayloadWithoutAllocatingIt() {
        assertThatThrownBy(() -> loadHostile("hostile_huge_length")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a length of 2147483647 bytes with only 4 left");
    }

    @Test
    void refusesUnhashableSetElements() {
        assertThatThrownBy(() -> loadHostile("hostile_unhashable")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unhashable ArrayList as a set element");
    }

    @Test
    void refusesObjectBuildingOpcodesAndOverlongNumbers() {
        byte[][] hostile = {
            {(byte) 0x80, 4, ')', 'b', '.'},                      // BUILD
            {(byte) 0x80, 4, (byte) 0x82, 1, '.'},                 // EXT1
            ("L" + "9".repeat(5000) + "L\n.").getBytes(),          // LONG with 5000 digits
            {(byte) 0x80, 5, (byte) 0x97, '.'},                    // NEXT_BUFFER
        };
        for (byte[] p : hostile) {
            assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(p))).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void malformedPicklesAreProtocolErrorsNotCrashes() {
        byte[][] bad = {{}, {(byte) 0x80}, {(byte) 0x80, 4}, {'.'}, {'a', '.'}, {(byte) 0x80, 9, '.'}, {(byte) 0xff}};
        for (byte[] p : bad) {
            assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(p))).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void writesCPythonTypesForJavaValues() throws Exception {
        assertThat(codec.dataType()).isEqualTo(DataType.RAW);
        ByteBuf buf = codec.encode(alloc, new byte[] {1, 2});
        // PROTO 4, FRAME 6, SHORT_BINBYTES len 2, 1, 2, MEMOIZE, STOP: Python reads bytes, not a bytearray
        assertThat(ByteBufUtil.getBytes(buf)).containsExactly(0x80, 4, 0x95, 6, 0, 0, 0, 0, 0, 0, 0, 'C', 2, 1, 2, 0x94, '.');
        buf.release();
    }

    @Test
    void roundTripsPlainValues() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", Arrays.asList(null, true, 2.5, BigInteger.TEN.pow(30), "s", new byte[] {9}));
        map.put("set", new java.util.HashSet<>(List.of(1, 2)));
        map.put("c", new ComplexNumber(1.5, -2));
        ByteBuf buf = codec.encode(alloc, map);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) codec.decode(buf);
        buf.release();
        assertThat(back.keySet()).containsExactly("z", "a", "set", "c");
        List<?> a = (List<?>) back.get("a");
        assertThat(a.subList(0, 5)).isEqualTo(Arrays.asList(null, true, 2.5, BigInteger.TEN.pow(30), "s"));
        assertThat(a.get(5)).isEqualTo(new byte[] {9});
        assertThat(back.get("set")).isEqualTo(Set.of(1, 2));
        assertThat(back.get("c")).isEqualTo(new ComplexNumber(1.5, -2));
    }

    @Test
    void primitiveArraysArePickledAsLists() throws Exception {
        ByteBuf buf = codec.encode(alloc, new int[] {1, 2, 3});
        assertThat(codec.decode(buf)).isEqualTo(List.of(1, 2, 3));
        buf.release();
    }

    record NotPlain(int x) {
    }

    @Test
    void valuesThatAreNotPlainAreRefusedOnWrite() {
        assertThatThrownBy(() -> codec.encode(alloc, List.of(new NotPlain(1)))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("NotPlain is not a plain value");
        assertThatThrownBy(() -> codec.encode(alloc, new java.math.BigDecimal("1.5"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void typedDecodingChecksTheType() throws Exception {
        ByteBuf buf = codec.encode(alloc, new ArrayList<>(List.of(1)));
        assertThat((Object) codec.decode(buf, List.class)).isEqualTo(List.of(1));
        assertThatThrownBy(() -> codec.decode(buf, Map.class)).isInstanceOf(ProtocolException.class);
        buf.release();
        ByteBuf m = codec.encode(alloc, new HashMap<>(Map.of("k", "v")));
        assertThat((Object) codec.decode(m, Map.class)).isEqualTo(Map.of("k", "v"));
        m.release();
    }
}
