package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java writes json payloads; CPython ({@code python3}) writes {@code json.dumps({"data": v})} for
 * the same values; the bytes must be the same, as a Python peer checks a streamed message's size
 * against what it writes itself.
 */
class PythonJsonInteropTest {

    record Reading(String sensor, long sequence, double value, boolean valid, String unit) {
    }

    @TempDir
    Path dir;

    /** A Java value and the Python expression of the value a Python peer would hold. */
    private record Case(Object java, String python) {
    }

    @Test
    void javaWritesTheBytesThatPythonsJsonDumpsWritesForTheSameValues() throws Exception {
        Python3.assumeAvailable();
        List<Case> cases = new ArrayList<>();
        strings(cases);
        integers(cases);
        doubles(cases);
        containers(cases);

        StringBuilder script = new StringBuilder("""
                import json, struct, sys
                def same_float32(v, exact):
                    if struct.unpack('<f', struct.pack('<f', v))[0] != float.fromhex(exact):
                        raise ValueError(repr(v) + ' is not the float ' + exact)
                    return v
                cases = [
                """);
        for (Case c : cases) {
            script.append("    ").append(c.python()).append(",\n");
        }
        script.append("]\nfor v in cases:\n    sys.stdout.write(json.dumps({'data': v}) + '\\n')\n");
        Path py = dir.resolve("dumps.py");
        Files.writeString(py, script, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", py.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("python3 finished in time").isTrue();
        assertThat(p.exitValue()).isZero();
        String[] python = new String(stdout, StandardCharsets.US_ASCII).split("\n");
        assertThat(python).hasSameSizeAs(cases);

        JsonPayloadCodec codec = new JsonPayloadCodec();
        List<String> different = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, cases.get(i).java());
            byte[] java;
            try {
                java = new byte[buf.readableBytes()];
                buf.readBytes(java);
            } finally {
                buf.release();
            }
            if (!Arrays.equals(java, python[i].getBytes(StandardCharsets.US_ASCII))) {
                different.add(cases.get(i).python() + "\n  java:   " + new String(java, StandardCharsets.UTF_8)
                        + "\n  python: " + python[i]);
            }
        }
        assertThat(different).as("values written differently (of %d)", cases.size()).isEmpty();
    }

    private static void strings(List<Case> cases) {
        List<String> strings = new ArrayList<>(List.of("", "a", "\u00e9\u2713", "\"", "\\", "/", "</script>", "\u007f", "\u0080",
                "\u00ff", "\u0100", "\u07ff", "\u0800", "\ufeff", "\u2028\u2029", "\uffff", "\uD83D\uDE00", "\uD800\uDC00",
                "\uDBFF\uDFFF", "\uD800", "\uDFFF", "a\uD800b", "tab\there\r\nnew line", "caf\u00e9 \u4e2d\u6587 \u0928\u092e"));
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        strings.add(controls.toString());
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder everyPlane = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            int plane = random.nextInt(4);
            int codePoint = plane == 0 ? random.nextInt(0x80) : plane == 1 ? random.nextInt(0x80, 0x800)
                    : plane == 2 ? random.nextInt(0x800, 0x10000) : random.nextInt(0x10000, 0x110000);
            everyPlane.appendCodePoint(codePoint);
        }
        strings.add(everyPlane.toString());
        for (String s : strings) {
            cases.add(new Case(s, pyString(s)));
        }
        cases.add(new Case('\u00e9', pyString("\u00e9")));
    }

    private static void integers(List<Case> cases) {
        BigInteger two = BigInteger.TWO;
        List<Object> numbers = List.of(0, -1, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE, (short) -7, (byte) 8,
                (1L << 53) - 1, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE, two.pow(63), two.pow(64),
                two.pow(64).subtract(BigInteger.ONE), two.pow(64).negate(), BigInteger.TEN.pow(100), two.pow(1000).negate());
        for (Object n : numbers) {
            cases.add(new Case(n, n.toString()));
        }
        cases.add(new Case(true, "True"));
        cases.add(new Case(false, "False"));
        cases.add(new Case(null, "None"));
    }

    private static void doubles(List<Case> cases) {
        List<Double> doubles = new ArrayList<>(List.of(1.0, 1e-5, 1e16, 1.5e16, 0.1, -0.0, 0.0, 5e-324, 1e-323,
                Double.MIN_NORMAL, Double.MAX_VALUE, 1.7976931348623157e308, 1e23, 1e22, 9007199254740993.0, 0.3,
                0.1 + 0.2, 1e-4, 9.999999999999999e-5, 1e15, 9999999999999998.0, 123456789.125, -2.5e-7, 21.75,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 3000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                doubles.add(d);
            }
        }
        for (int i = 0; i < 1000; i++) {
            doubles.add(Math.round(random.nextDouble() * Math.pow(10, random.nextInt(-8, 20))) / Math.pow(10, random.nextInt(0, 6)));
            doubles.add(Double.longBitsToDouble(random.nextLong(0, 1L << 52))); // subnormal
        }
        for (double d : doubles) {
            cases.add(new Case(d, pyFloat(d)));
        }
        // A float is written with its own shortest digits: Python must read them as a double that
        // writes back the same and that rounds to the same float.
        List<Float> floats = new ArrayList<>(List.of(0.1f, 1.0f, -0.0f, 1e-5f, 3.4028235e38f, Float.MIN_VALUE, 16777216f,
                1.1754944e-38f, 21.75f, Float.NaN, Float.NEGATIVE_INFINITY));
        for (int i = 0; i < 500; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                floats.add(f);
            }
        }
        for (float f : floats) {
            cases.add(new Case(f, Float.isFinite(f)
                    ? "same_float32(float('" + PythonFloatRepr.of(f) + "'), '" + Double.toHexString(f) + "')" : pyFloat(f)));
        }
        for (String decimal : new String[] {"12.340", "1E+3", "0.5", "-0.00001", "1.5E+16", "0.1"}) {
            cases.add(new Case(new BigDecimal(decimal), "float('" + decimal + "')"));
        }
    }

    private static void containers(List<Case> cases) {
        cases.add(new Case(List.of(), "[]"));
        cases.add(new Case(Map.of(), "{}"));
        cases.add(new Case(List.of(1000, "\u00e9\u2713"), "[1000, " + pyString("\u00e9\u2713") + "]"));
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("z", List.of(List.of(), Map.of(), List.of(List.of(1, 2.5, "x"))));
        nested.put("\u00e9 key \"quoted\"\n", Arrays.asList(null, true, false, -0.0));
        nested.put("a", Map.of("b", Map.of("c", List.of(Double.NaN))));
        cases.add(new Case(nested, "{'z': [[], {}, [[1, 2.5, 'x']]], " + pyString("\u00e9 key \"quoted\"\n")
                + ": [None, True, False, -0.0], 'a': {'b': {'c': [float('nan')]}}}"));
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(1, 2);
        keys.put(-7L, "x");
        keys.put(false, 3);
        keys.put(BigInteger.TWO.pow(70), 4);
        keys.put(1.5, 5);
        keys.put(1e16, 6);
        keys.put(1e-5, 7);
        keys.put(0.1f, 8);
        keys.put(new BigDecimal("1E+3"), 9);
        keys.put(Double.NEGATIVE_INFINITY, 10);
        keys.put(null, 11);
        cases.add(new Case(keys, "{1: 2, -7: 'x', False: 3, 2**70: 4, 1.5: 5, 1e16: 6, 1e-5: 7, 0.1: 8, 1000.0: 9,"
                + " float('-inf'): 10, None: 11}"));
        cases.add(new Case(new Object[] {1, "two", 3.0}, "(1, 'two', 3.0)"));
        cases.add(new Case(new int[] {1, 2, 3}, "[1, 2, 3]"));
        cases.add(new Case(new double[] {1e-5, 0.1, 1e16}, "[1e-5, 0.1, 1e16]"));
        cases.add(new Case(new float[] {1e-5f, 0.1f}, "[1e-5, 0.1]"));
        cases.add(new Case(new long[] {Long.MIN_VALUE}, "[-2**63]"));
        cases.add(new Case(new String[] {"\u00e9", "\u007f"}, "[" + pyString("\u00e9") + ", " + pyString("\u007f") + "]"));
        cases.add(new Case(new Reading("greenhouse-7/temperature", 1234567, 21.75, true, "celsius"),
                "{'sensor': 'greenhouse-7/temperature', 'sequence': 1234567, 'value': 21.75, 'valid': True, 'unit': 'celsius'}"));
        cases.add(new Case(new Reading("\u00e9\u007f", -1, 1e-7, false, "\uD83D\uDE00"),
                "{'sensor': " + pyString("\u00e9\u007f") + ", 'sequence': -1, 'value': 1e-07, 'valid': False, 'unit': "
                        + pyString("\uD83D\uDE00") + "}"));
        Object deep = 1;
        String deepPython = "1";
        for (int i = 0; i < 60; i++) {
            deep = i % 2 == 0 ? List.of(deep, "\u00e9") : Map.of("k" + i, deep);
            deepPython = i % 2 == 0 ? "[" + deepPython + ", " + pyString("\u00e9") + "]" : "{'k" + i + "': " + deepPython + "}";
        }
        cases.add(new Case(deep, deepPython));
    }

    /** A Python literal of exactly these UTF-16 units (lone surrogates included). */
    private static String pyString(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(String.format("\\U%08x", Character.toCodePoint(c, s.charAt(++i))));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('\'').toString();
    }

    /** The exact double, through its hexadecimal form. */
    private static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "float('nan')";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "float('inf')" : "float('-inf')";
        }
        return "float.fromhex('" + Double.toHexString(d) + "')";
    }
}
