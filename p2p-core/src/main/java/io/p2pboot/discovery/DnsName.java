package io.p2pboot.discovery;

import io.netty.util.NetUtil;
import io.p2pboot.protocol.Printable;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A name {@link DnsSource} looks peers up under, checked when the source is made so that a typo
 * fails at start-up rather than as a lookup that never answers. A name whose first label starts
 * with {@code _} ({@code _p2p._tcp.example.internal}) is an SRV name; any other is an A/AAAA name.
 *
 * @param name the name in lower case, as given otherwise (a trailing dot kept: it makes the name absolute)
 * @param srv whether it is looked up as SRV records
 */
record DnsName(String name, boolean srv) {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    /**
     * Reads one configured name: labels of letters, digits, {@code -} and {@code _}, 1 to 63
     * characters each, at most 253 in all; neither an IP address nor {@code host:port}.
     *
     * @throws IllegalArgumentException saying what is wrong, quoting the text cut short and escaped
     */
    static DnsName parse(@Nullable String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a DNS name is empty");
        }
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            throw new IllegalArgumentException("DNS name " + Printable.quoted(text)
                    + " is an IP address: list an address as a seed, not as a name to look up");
        }
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("DNS name " + Printable.quoted(text)
                    + " has a port: an SRV name (starting with '_') gives each peer's port, an A/AAAA name"
                    + " takes the port configured for DNS names");
        }
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.length() > MAX_NAME) {
            throw new IllegalArgumentException("DNS name " + Printable.quoted(text) + " is longer than "
                    + MAX_NAME + " characters");
        }
        for (String label : bare.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL || !isLabel(label)) {
                throw new IllegalArgumentException("DNS name " + Printable.quoted(text) + " is not a name: each"
                        + " dot-separated label is 1 to 63 letters, digits, '-' or '_'");
            }
        }
        return new DnsName(name, name.startsWith("_"));
    }

    private static boolean isLabel(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
