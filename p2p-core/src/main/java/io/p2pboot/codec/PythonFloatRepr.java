package io.p2pboot.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.core.io.NumberOutput;

/**
 * Numbers written as Python's {@code repr(float)} writes them, which is what {@code json.dumps}
 * writes for a float: the shortest digits that read back as the same double, plain from
 * {@code 1e-04} up to below {@code 1e+16} (always with a fraction: {@code 1.0}), else with an
 * exponent of at least two digits and a sign ({@code 1e-05}, {@code 1.5e+16}).
 *
 * <p>Why not {@link Double#toString}: its layout differs ({@code 1.0E-5}) and before Java 19 its
 * digits are not always the shortest ({@code 1e23} comes out as {@code 9.999999999999999E22}).
 * Jackson's Schubfach writer gives the shortest digits, except
 * that it never gives a single digit where two are closer ({@code 4.9E-324} for the smallest
 * double, which Python writes {@code 5e-324}); that can happen only below the normal range, and
 * is corrected there.
 */
final class PythonFloatRepr {

    /** Jackson (as Java) writes these magnitudes plain, exactly as Python does. */
    private static final double SAME_LAYOUT_FROM = 1e-3;
    private static final double SAME_LAYOUT_BELOW = 1e7;

    private PythonFloatRepr() {
    }

    /** A double as Python's {@code repr}; non-finite values as {@code json.dumps} writes them. */
    static String of(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        double magnitude = Math.abs(value);
        String java = NumberOutput.toString(value, true);
        if (magnitude >= SAME_LAYOUT_FROM && magnitude < SAME_LAYOUT_BELOW || value == 0) {
            return java;
        }
        Decimal decimal = Decimal.parse(java);
        if (magnitude < Double.MIN_NORMAL && decimal.digits.length() == 2) {
            decimal = decimal.oneDigitIfSame(value);
        }
        return decimal.pythonLayout();
    }

    /**
     * A float written with its own shortest digits (not those of the double it widens to): Python
     * reads them as the double nearest to them, whose {@code repr} has the same digits, so a Python
     * peer writes the value back to the same bytes, and Java reads it back as the same float.
     */
    static String of(float value) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        float magnitude = Math.abs(value);
        String java = NumberOutput.toString(value, true);
        if (magnitude >= SAME_LAYOUT_FROM && magnitude < SAME_LAYOUT_BELOW || value == 0) {
            return java;
        }
        return Decimal.parse(java).pythonLayout();
    }

    /**
     * A BigDecimal with all its digits (trailing zeros dropped) in the float layout: Python's json
     * has no decimal type and reads it as a float, so it writes it back to the same bytes when
     * these digits are those of the nearest double's {@code repr} (17 digits at most).
     */
    static String of(BigDecimal value) {
        if (value.signum() == 0) {
            return "0.0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        return new Decimal(value.signum() < 0, digits, digits.length() - stripped.scale()).pythonLayout();
    }

    /**
     * {@code 0.DIGITS × 10^point}, with no leading or trailing zero in {@code digits}.
     */
    private record Decimal(boolean negative, String digits, int point) {

        /** Reads Java's layouts: {@code -12.5}, {@code 0.00125}, {@code 1.25E-7}. */
        static Decimal parse(String java) {
            boolean negative = java.charAt(0) == '-';
            int start = negative ? 1 : 0;
            int e = java.indexOf('E');
            int mantissaEnd = e < 0 ? java.length() : e;
            int exponent = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
            StringBuilder digits = new StringBuilder(mantissaEnd - start);
            int point = 0;
            for (int i = start; i < mantissaEnd; i++) {
                char c = java.charAt(i);
                if (c == '.') {
                    point = digits.length();
                } else {
                    digits.append(c);
                }
            }
            point += exponent;
            int first = 0;
            while (first < digits.length() - 1 && digits.charAt(first) == '0') {
                first++;
            }
            int end = digits.length();
            while (end > first + 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(negative, digits.substring(first, end), point - first);
        }

        /**
         * The one-digit decimal that reads back as {@code value}, closest to it, when there is one
         * (Python's choice); else this.
         */
        Decimal oneDigitIfSame(double value) {
            int lead = digits.charAt(0) - '0';
            Decimal down = new Decimal(negative, String.valueOf(lead), point);
            Decimal up = lead == 9 ? new Decimal(negative, "1", point + 1)
                    : new Decimal(negative, String.valueOf(lead + 1), point);
            boolean downSame = down.readsAs(value);
            boolean upSame = up.readsAs(value);
            if (downSame && upSame) {
                BigDecimal exact = new BigDecimal(value);
                return down.exact().subtract(exact).abs().compareTo(up.exact().subtract(exact).abs()) <= 0 ? down : up;
            }
            return downSame ? down : upSame ? up : this;
        }

        private boolean readsAs(double value) {
            double read = Double.parseDouble(exact().toString());
            return Double.doubleToRawLongBits(read) == Double.doubleToRawLongBits(value);
        }

        private BigDecimal exact() {
            BigDecimal magnitude = new BigDecimal(new BigInteger(digits), digits.length() - point);
            return negative ? magnitude.negate() : magnitude;
        }

        /** Python's {@code float_repr_style = 'short'} layout ({@code format_float_short}, mode 'r'). */
        String pythonLayout() {
            StringBuilder out = new StringBuilder(digits.length() + 8);
            if (negative) {
                out.append('-');
            }
            int n = digits.length();
            if (point <= -4 || point > 16) {
                out.append(digits.charAt(0));
                if (n > 1) {
                    out.append('.').append(digits, 1, n);
                }
                int exponent = point - 1;
                out.append(exponent < 0 ? "e-" : "e+");
                int abs = Math.abs(exponent);
                if (abs < 10) {
                    out.append('0');
                }
                out.append(abs);
            } else if (point <= 0) {
                out.append("0.");
                out.append("0".repeat(-point));
                out.append(digits);
            } else if (point >= n) {
                out.append(digits);
                out.append("0".repeat(point - n));
                out.append(".0");
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, n);
            }
            return out.toString();
        }
    }
}
