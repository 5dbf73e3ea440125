package io.p2pboot.sample.chat;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** An IPv4 or IPv6 address range in CIDR notation, such as {@code 127.0.0.0/8}; a bare address is a range of one. */
public record AddressRange(byte[] network, int prefixLength) {

    /**
     * Parses {@code ip/prefix} or {@code ip}; the IP must be a literal (no host-name lookup).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static AddressRange parse(@Nullable String cidr) {
        String text = cidr == null ? "" : cidr.trim();
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        byte[] address = literal(ip, cidr);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in address range " + Printable.quoted(cidr));
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length of " + Printable.quoted(cidr) + " must be 0 to " + bits);
            }
        }
        return new AddressRange(mask(address, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** The IP read as every address is ({@link PeerAddress#parseIp}): a literal, never a name to look up. */
    private static byte[] literal(String ip, @Nullable String cidr) {
        try {
            return PeerAddress.parseIp(ip).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an address range is ip/prefix with a literal IP, not "
                    + Printable.quoted(cidr), e);
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        try {
            return PeerAddress.format(InetAddress.getByAddress(network)) + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
