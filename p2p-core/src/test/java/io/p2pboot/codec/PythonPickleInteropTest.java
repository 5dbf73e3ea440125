package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import net.razorvine.pickle.objects.ComplexNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Java writes pickles; CPython ({@code python3}) must read back the very values it would write. */
class PythonPickleInteropTest {

    @TempDir
    Path dir;

    @Test
    void cpythonReadsJavaPicklesAsTheEquivalentPythonValues() throws Exception {
        Python3.assumeAvailable();
        PicklePayloadCodec codec = new PicklePayloadCodec();
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("b", 1);
        dict.put("a", List.of(2));
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("None", null);
        cases.put("True", true);
        cases.put("-7", -7);
        cases.put("2**40", 1L << 40);
        cases.put("2**100", BigInteger.TWO.pow(100));
        cases.put("-(2**70)", BigInteger.TWO.pow(70).negate());
        cases.put("1.5", 1.5);
        cases.put("float('inf')", Double.POSITIVE_INFINITY);
        cases.put("'h\\u00e9llo \\u2713 \\U0001F600'", "h\u00e9llo \u2713 \uD83D\uDE00");
        cases.put("b'\\x00\\x01\\xff'", new byte[] {0, 1, (byte) 0xff});
        cases.put("bytes(range(256))", bytes256());
        cases.put("[1, 'a', None, 2.5]", Arrays.asList(1, "a", null, 2.5));
        cases.put("(1, 2, 3)", new Object[] {1, 2, 3});
        cases.put("{'b': 1, 'a': [2]}", dict);
        cases.put("{1, 2, 3}", new HashSet<>(List.of(1, 2, 3)));
        cases.put("1.5-2j", new ComplexNumber(1.5, -2));
        cases.put("[b'\\x01', (b'\\x02',), {'k': b'\\x03'}]",
                List.of(new byte[] {1}, new Object[] {new byte[] {2}}, Map.of("k", new byte[] {3})));
        cases.put("[1, 2, 3]", new int[] {1, 2, 3});

        StringBuilder script = new StringBuilder("import pickle, sys\nfails = []\n");
        int i = 0;
        for (Map.Entry<String, Object> e : cases.entrySet()) {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, e.getValue());
            Path file = dir.resolve("case" + i + ".pkl");
            Files.write(file, ByteBufUtil.getBytes(buf));
            buf.release();
            script.append("v = pickle.load(open(").append(pyString(file.toString())).append(", 'rb'))\n")
                    .append("expected = ").append(e.getKey()).append('\n')
                    .append("if v != expected or type(v) is not type(expected) or repr(v) != repr(expected):\n")
                    .append("    fails.append(").append(pyString(e.getKey())).append(" + ' -> ' + repr(v))\n");
            i++;
        }
        script.append("print('\\n'.join(fails))\nsys.exit(1 if fails else 0)\n");
        Path py = dir.resolve("check.py");
        Files.writeString(py, script, StandardCharsets.UTF_8);

        Process p = new ProcessBuilder("python3", py.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("python3 finished in time").isTrue();
        assertThat(output).as("values python read differently").isBlank();
        assertThat(p.exitValue()).isZero();
    }

    private static byte[] bytes256() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
