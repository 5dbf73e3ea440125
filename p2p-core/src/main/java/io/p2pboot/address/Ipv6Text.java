package io.p2pboot.address;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * IPv6 text both ways: read strictly by hand (every RFC 4291 form: eight groups, one
 * {@code ::} for a run of zero groups, a dotted quad as the last 32 bits; nothing else, no zone
 * id), written as RFC 5952 says (lower case, zeros compressed, the longest run first).
 */
final class Ipv6Text {

    private Ipv6Text() {
    }

    /** The 16 bytes, or {@code null} when the text is not exactly an IPv6 address. */
    static byte @Nullable [] parse(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null; // two gaps, or ":::"
        }
        byte[] head = new byte[16];
        int headLength = groups(gap < 0 ? text : text.substring(0, gap), gap < 0, head);
        if (headLength < 0) {
            return null;
        }
        if (gap < 0) {
            return headLength == 16 ? head : null;
        }
        byte[] tail = new byte[16];
        int tailLength = groups(text.substring(gap + 2), true, tail);
        if (tailLength < 0 || headLength + tailLength > 14) {
            return null; // "::" stands for one zero group at least
        }
        byte[] ip = new byte[16];
        System.arraycopy(head, 0, ip, 0, headLength);
        System.arraycopy(tail, 0, ip, 16 - tailLength, tailLength);
        return ip;
    }

    /** The RFC 5952 text of an IP; IPv4 as its dotted quad. */
    static String format(InetAddress ip) {
        return ip instanceof Inet6Address ? NetUtil.toAddressString(ip) : ip.getHostAddress();
    }

    /**
     * Reads colon-separated hex groups into {@code out}; the last may be a dotted quad when
     * {@code last} says this part ends the address. Returns how many bytes, or -1.
     */
    private static int groups(String part, boolean last, byte[] out) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] tokens = part.split(":", -1);
        int at = 0;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (last && i == tokens.length - 1 && token.indexOf('.') >= 0) {
                byte[] v4 = AddressText.ipv4Bytes(token);
                if (v4 == null || at + 4 > 16) {
                    return -1;
                }
                System.arraycopy(v4, 0, out, at, 4);
                at += 4;
                continue;
            }
            int group = hexGroup(token);
            if (group < 0 || at + 2 > 16) {
                return -1;
            }
            out[at++] = (byte) (group >> 8);
            out[at++] = (byte) group;
        }
        return at;
    }

    /** One to four hex digits; -1 otherwise. */
    private static int hexGroup(String token) {
        if (token.isEmpty() || token.length() > 4) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < token.length(); i++) {
            int digit = Character.digit(token.charAt(i), 16);
            if (digit < 0 || token.charAt(i) > 'f') {
                return -1; // Character.digit also takes non-ASCII digits
            }
            n = n * 16 + digit;
        }
        return n;
    }
}
