package io.p2pboot.codec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** Floats as Python's {@code repr} writes them; the expected strings are CPython 3.11's. */
class PythonFloatReprTest {

    @Test
    void doublesAreWrittenAsPythonsReprWritesThem() {
        Map<Double, String> expected = Map.ofEntries(
                Map.entry(1.0, "1.0"), Map.entry(0.1, "0.1"), Map.entry(-0.0, "-0.0"), Map.entry(0.0, "0.0"),
                Map.entry(1e-5, "1e-05"), Map.entry(1e-4, "0.0001"), Map.entry(0.00012345, "0.00012345"),
                Map.entry(1e16, "1e+16"), Map.entry(1.5e16, "1.5e+16"), Map.entry(9999999999999998.0, "9999999999999998.0"),
                Map.entry(1e15, "1000000000000000.0"), Map.entry(12345678.9, "12345678.9"), Map.entry(1e7, "10000000.0"),
                Map.entry(5e-324, "5e-324"), Map.entry(1e-323, "1e-323"), Map.entry(1.5e-323, "1.5e-323"),
                Map.entry(Double.MIN_NORMAL, "2.2250738585072014e-308"), Map.entry(Double.MAX_VALUE, "1.7976931348623157e+308"),
                Map.entry(1e23, "1e+23"), Map.entry(2e-3, "0.002"), Map.entry(-2.5e-7, "-2.5e-07"), Map.entry(1e100, "1e+100"),
                Map.entry(123.456, "123.456"), Map.entry(0.30000000000000004, "0.30000000000000004"),
                Map.entry(9007199254740993.0, "9007199254740992.0"), Map.entry(-1e-300, "-1e-300"));
        assertSoftly(soft -> expected.forEach((value, repr) -> soft.assertThat(PythonFloatRepr.of(value)).as("%s", value).isEqualTo(repr)));
    }

    @Test
    void nonFiniteDoublesAreWrittenAsJsonDumpsWritesThem() {
        assertThat(PythonFloatRepr.of(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonFloatRepr.of(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PythonFloatRepr.of(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PythonFloatRepr.of(Float.NaN)).isEqualTo("NaN");
        assertThat(PythonFloatRepr.of(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void floatsKeepTheirOwnShortestDigitsInPythonsLayout() {
        assertThat(PythonFloatRepr.of(0.1f)).isEqualTo("0.1");
        assertThat(PythonFloatRepr.of(1.0f)).isEqualTo("1.0");
        assertThat(PythonFloatRepr.of(-0.0f)).isEqualTo("-0.0");
        assertThat(PythonFloatRepr.of(1e-5f)).isEqualTo("1e-05");
        assertThat(PythonFloatRepr.of(3.4028235e38f)).isEqualTo("3.4028235e+38");
        assertThat(PythonFloatRepr.of(16777216f)).isEqualTo("16777216.0");
        assertThat(PythonFloatRepr.of(1.4e-45f)).isEqualTo("1.4e-45");
    }

    @Test
    void bigDecimalsKeepAllTheirDigitsInPythonsFloatLayout() {
        assertThat(PythonFloatRepr.of(new BigDecimal("12.340"))).isEqualTo("12.34");
        assertThat(PythonFloatRepr.of(new BigDecimal("1E+3"))).isEqualTo("1000.0");
        assertThat(PythonFloatRepr.of(new BigDecimal("1000"))).isEqualTo("1000.0");
        assertThat(PythonFloatRepr.of(new BigDecimal("0.000"))).isEqualTo("0.0");
        assertThat(PythonFloatRepr.of(new BigDecimal("-0.00001"))).isEqualTo("-1e-05");
        assertThat(PythonFloatRepr.of(new BigDecimal("1.5E+16"))).isEqualTo("1.5e+16");
        assertThat(PythonFloatRepr.of(new BigDecimal("3.14159265358979323846264338327950288")))
                .isEqualTo("3.14159265358979323846264338327950288");
        assertThat(PythonFloatRepr.of(new BigDecimal("1E-400"))).isEqualTo("1e-400");
    }

    @Test
    void everyDoubleReadsBackAsItself() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> misread = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            String repr = PythonFloatRepr.of(value);
            if (Double.isFinite(value) && Double.doubleToRawLongBits(Double.parseDouble(repr)) != Double.doubleToRawLongBits(value)) {
                misread.add(value + " -> " + repr);
            }
        }
        assertThat(misread).isEmpty();
    }
}
