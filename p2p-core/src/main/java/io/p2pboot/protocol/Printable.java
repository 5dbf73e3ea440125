package io.p2pboot.protocol;

import org.jspecify.annotations.Nullable;

/**
 * What a remote peer wrote, made safe to put in a log line or an error: control and non-ASCII
 * characters escaped as {@code \\uXXXX} (so a newline cannot forge a second log line), and at
 * most {@link #MAX_CHARS} characters kept (so a huge value is not echoed back whole).
 */
public final class Printable {

    /** How many characters of the input a quote keeps. */
    public static final int MAX_CHARS = 100;

    private Printable() {
    }

    /** The text escaped and cut to {@link #MAX_CHARS} characters, with how much was cut. */
    public static String of(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        int kept = Math.min(text.length(), MAX_CHARS);
        StringBuilder sb = new StringBuilder(kept + 16);
        for (int i = 0; i < kept; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit((c >> 8) & 0xf, 16))
                        .append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        if (kept < text.length()) {
            sb.append("...(").append(text.length()).append(" chars)");
        }
        return sb.toString();
    }

    /** {@link #of(String)} in single quotes. */
    public static String quoted(@Nullable String text) {
        return "'" + of(text) + "'";
    }
}
