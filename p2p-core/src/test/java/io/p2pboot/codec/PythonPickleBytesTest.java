package io.p2pboot.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.razorvine.pickle.objects.ComplexNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java pickles plain values to exactly the bytes of CPython's {@code pickle.dumps(value)} with its
 * default protocol, so that a Python peer on a stream, which checks each message's size, gets
 * the size it would have written itself.
 */
class PythonPickleBytesTest {

    @TempDir
    Path dir;

    private final Map<String, Object> corpus = new LinkedHashMap<>();

    private void add(String python, Object java) {
        corpus.put(python, java);
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    private static Map<Object, Object> dict(Object... pairs) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private void scalars() {
        add("None", null);
        add("True", true);
        add("False", false);
        for (long v : new long[] {0, 1, 255, 256, 65535, 65536, -1, -128, Integer.MAX_VALUE, Integer.MIN_VALUE,
                1L << 31, -(1L << 31) - 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            add(Long.toString(v), v);
        }
        add("7", 7);
        add("-300", (short) -300);
        add("2**64", BigInteger.TWO.pow(64));
        add("-(2**64)", BigInteger.TWO.pow(64).negate());
        add("-(2**63)-1", BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
        add("2**100", BigInteger.TWO.pow(100));
        add("-(2**70)", BigInteger.TWO.pow(70).negate());
        add("10**300", BigInteger.TEN.pow(300));
        add("2**2100", BigInteger.TWO.pow(2100));
        add("-(3**2000)", BigInteger.valueOf(3).pow(2000).negate());
        add("5", BigInteger.valueOf(5));
        for (double d : new double[] {0.0, 1.5, 1e300, -2.5e-300}) {
            add(Double.toString(d).replace("E", "e"), d);
        }
        add("-0.0", -0.0);
        add("float('inf')", Double.POSITIVE_INFINITY);
        add("float('-inf')", Double.NEGATIVE_INFINITY);
        add("float('nan')", Double.NaN);
        add("0.5", 0.5f);
        add("''", "");
        add("'a'", "a");
        add("'s00000000000000'", "s00000000000000");
        add("'h\\u00e9llo \\u2713 \\U0001F600'", "h\u00e9llo \u2713 \uD83D\uDE00");
        add("'\\ud800 lone'", "\uD800 lone");
        add("'x' * 255", "x".repeat(255));
        add("'x' * 256", "x".repeat(256));
        add("'\\u00e9' * 300", "\u00e9".repeat(300));
        add("'x' * 65535", "x".repeat(65535));
        add("'x' * 65536", "x".repeat(65536));
        add("'\\u00e9' * 40000", "\u00e9".repeat(40000));
        add("b''", new byte[0]);
        add("b'\\x00\\x01\\xff'", new byte[] {0, 1, (byte) 0xff});
        byte[] b256 = new byte[256];
        for (int i = 0; i < 256; i++) {
            b256[i] = (byte) i;
        }
        add("bytes(range(256))", b256);
        byte[] z = new byte[70000];
        Arrays.fill(z, (byte) 'z');
        add("b'z' * 70000", z);
        add("complex(1.5, -2)", new ComplexNumber(1.5, -2));
    }

    private void containers() {
        add("()", new Object[0]);
        add("(1,)", new Object[] {1});
        add("(1, 2)", new Object[] {1, 2});
        add("(1, 2, 'x')", new Object[] {1, 2, "x"});
        add("(1, 2, 3, 4)", new Object[] {1, 2, 3, 4});
        add("((), ())", new Object[] {new Object[0], new Object[0]});
        add("[]", list());
        add("[1]", list(1));
        add("[1, 'a', None, 2.5, True]", list(1, "a", null, 2.5, true));
        add("{}", dict());
        add("{'a': 1}", dict("a", 1));
        add("{'b': 1, 'a': [2], 'c': {'d': (3, None)}}", dict("b", 1, "a", list(2), "c", dict("d", new Object[] {3, null})));
        add("set()", new HashSet<>());
        add("{1}", new HashSet<>(List.of(1)));
        add("{1, 2, 3}", new HashSet<>(List.of(1, 2, 3)));
        add("{'data': [1000, '\\u00e9\\u2713']}", dict("data", list(1000, "\u00e9\u2713")));
        add("[1, 2, 3]", new int[] {1, 2, 3});
        add("[0.5, 1.5]", new double[] {0.5, 1.5});
        add("[complex(0, 1), complex(0, 2)]", list(new ComplexNumber(0, 1), new ComplexNumber(0, 2)));
        add("(1, [2, 3], {'k': (4,)})", new Object[] {1, list(2, 3), dict("k", new Object[] {4})});
        add("[['a', 'a'], 'a']", list(list("a", "a"), "a"));
    }

    private void sharing() {
        String s = new String("shared".toCharArray());
        add("(lambda s: [s, s, (s,)])(''.join(['sha', 'red']))", list(s, s, new Object[] {s}));
        List<Object> l = list(1, 2);
        add("(lambda l: [l, l, (l,), {'k': l}])([1, 2])", list(l, l, new Object[] {l}, dict("k", l)));
        Object[] t = {"t", 1};
        add("(lambda t: (t, t))(('t', 1))", new Object[] {t, t});
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(list(i));
        }
        many.add(many.get(3));
        many.add(many.get(299));
        add("(lambda m: m + [m[3], m[299]])([[i] for i in range(300)])", many);
        List<Object> self = new ArrayList<>();
        self.add(self);
        add("(lambda l: (l.append(l), l)[1])([])", self);
    }

    private void large() {
        add("list(range(1000))", range(1000));
        add("list(range(1001))", range(1001));
        add("list(range(2500))", range(2500));
        add("list(range(100000))", range(100000));
        Map<Object, Object> thousand = new LinkedHashMap<>();
        Map<Object, Object> fifteen = new LinkedHashMap<>();
        for (int i = 0; i < 1500; i++) {
            if (i < 1000) {
                thousand.put(i, i);
            }
            fifteen.put(i, Integer.toString(i));
        }
        add("{i: i for i in range(1000)}", thousand);
        add("{i: str(i) for i in range(1500)}", fifteen);
        add("set(range(1000))", new HashSet<>(range(1000)));
        add("set(range(1200))", new HashSet<>(range(1200)));
        List<Object> strings = new ArrayList<>();
        List<Object> floats = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            strings.add(Integer.toString(i));
            floats.add(i * 1.5);
        }
        add("[str(i) for i in range(20000)]", strings);
        add("[i * 1.5 for i in range(20000)]", floats);
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add("x".repeat(30000) + i);
        }
        add("['x' * 30000 + str(i) for i in range(5)]", big);
        byte[] c = new byte[70000];
        Arrays.fill(c, (byte) 'c');
        add("['a' * 70000, 'b' * 10, b'c' * 70000]", list("a".repeat(70000), "b".repeat(10), c));
        // Where frames end: before the next value, wherever it is (CPython's opcode boundary).
        String x65535 = "x".repeat(65535);
        String x65530 = "x".repeat(65530);
        add("['x' * 65535]", list(x65535));
        add("('x' * 65535,)", new Object[] {x65535});
        add("['x' * 65530, 1]", list(x65530, 1));
        add("('x' * 65530, 'y')", new Object[] {x65530, "y"});
        add("{'x' * 65530: 1, 'a': 2}", dict(x65530, 1, "a", 2));
        add("[['x' * 65530], [1]]", list(list(x65530), list(1)));
        Map<Object, Object> deep = dict();
        Map<Object, Object> level = deep;
        for (int i = 0; i < 50; i++) {
            Map<Object, Object> next = dict();
            level.put("k", next);
            level = next;
        }
        add("(lambda f: f(f, 50))(lambda f, n: {'k': f(f, n - 1)} if n else {})", deep);
    }

    private static List<Object> range(int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void javaPicklesPlainValuesToTheBytesCPythonWrites() throws Exception {
        Python3.assumeAvailable();
        scalars();
        containers();
        sharing();
        large();
        PicklePayloadCodec codec = new PicklePayloadCodec();
        List<String> expressions = new ArrayList<>(corpus.keySet());
        StringBuilder script = new StringBuilder("import pickle, sys\n");
        for (String e : expressions) {
            script.append("sys.stdout.write(pickle.dumps(").append(e).append(").hex() + '\\n')\n");
        }
        Path py = dir.resolve("dump.py");
        Files.writeString(py, script, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", py.toString()).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished in time").isTrue();
        List<String> python = List.of(new String(output, StandardCharsets.US_ASCII).split("\n"));
        assertThat(p.exitValue()).as(python.toString()).isZero();
        assertThat(python).hasSize(expressions.size());

        List<String> differ = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, corpus.get(expressions.get(i)));
            String java = ByteBufUtil.hexDump(buf);
            buf.release();
            if (!java.equals(python.get(i))) {
                differ.add(expressions.get(i) + ": java " + java.length() / 2 + " bytes, python " + python.get(i).length() / 2
                        + " bytes, first difference at byte " + firstDifference(java, python.get(i)) / 2
                        + ": java ..." + excerpt(java, i) + " python ..." + excerpt(python.get(i), i));
            }
        }
        assertThat(differ).as("values Java pickles differently from CPython (of " + expressions.size() + ")").isEmpty();
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static String excerpt(String hex, int ignored) {
        return hex.length() <= 80 ? hex : hex.substring(0, 80);
    }
}
