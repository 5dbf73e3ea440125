package io.p2pboot.peer;

import io.netty.util.NetUtil;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The name an offering peer gives itself in HELLO, checked against what the listener can see of
 * it: a connection is known by that name, so a name the peer cannot prove would let a stranger
 * take another peer's connection. The name's IP must be the connection's source IP (its port is
 * the peer's listening port, which the connection does not show); a connection from loopback may
 * also carry one of this machine's own addresses (a Python peer names itself by its LAN IP even
 * when it dials loopback); with TLS, the peer's certificate must name the IP.
 */
final class ClaimedName {

    /** An IP address entry in a certificate's subject alternative names (RFC 5280). */
    private static final int SAN_IP_ADDRESS = 7;

    private ClaimedName() {
    }

    /**
     * The canonical name ({@code ip:port}) when the claim holds.
     *
     * @param session the TLS session when the connection has one and names are checked against
     *     certificates, else {@code null}
     * @throws Malformed the name is not {@code ip:port}
     * @throws Refused the name is well formed but not the connection's
     */
    static String verify(String claimed, InetSocketAddress remote, @Nullable SSLSession session) throws Malformed, Refused {
        PeerAddress name = PeerAddress.tryParse(claimed);
        if (name == null) {
            throw new Malformed("peer_name " + Printable.quoted(claimed) + " is not ip:port");
        }
        String canonical = name.toString();
        InetAddress source = remote.getAddress();
        if (!name.ip().equals(source) && !ownAddressOverLoopback(name.ip(), source)) {
            throw new Refused("peer_name " + canonical + " does not match the connection's source IP "
                    + PeerAddress.format(source));
        }
        if (session != null && !certificateNames(session, name.ip())) {
            throw new Refused("peer_name " + canonical + " is not named by the peer's TLS certificate");
        }
        return canonical;
    }

    private static boolean ownAddressOverLoopback(InetAddress named, InetAddress source) {
        if (!source.isLoopbackAddress() || named.isLoopbackAddress() || named.isAnyLocalAddress()) {
            return false;
        }
        try {
            return NetworkInterface.getByInetAddress(named) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean certificateNames(SSLSession session, InetAddress ip) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return false; // no certificate: nothing names the peer
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return false;
        }
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        for (List<?> entry : names) {
            if (entry.size() >= 2 && Integer.valueOf(SAN_IP_ADDRESS).equals(entry.get(0))
                    && entry.get(1) instanceof String text) {
                byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
                if (bytes != null && ipEquals(bytes, ip)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean ipEquals(byte[] bytes, InetAddress ip) {
        try {
            return InetAddress.getByAddress(bytes).equals(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The HELLO is malformed: its name is not {@code ip:port}. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The name is well formed but belongs to another host, or is not the certificate's. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
