package io.p2pboot.discovery;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where discovery broadcasts, and from which local address. The default targets are the directed
 * broadcast addresses of the up, non-loopback IPv4 interfaces: each reaches exactly one attached
 * subnet, through the interface that owns it, whereas {@code 255.255.255.255} leaves through
 * whichever interface the routing table picks (often only the default route's) and is dropped or
 * filtered on many hosts and containers.
 */
public final class BroadcastAddresses {

    /** The broadcast address of the loopback network: what tests and demos use. */
    public static final String LOOPBACK = "127.255.255.255";

    private BroadcastAddresses() {
    }

    /** The IPv4 broadcast address of each up, non-loopback interface, without repeats (may be empty). */
    public static List<InetAddress> ofUpInterfaces() {
        Set<InetAddress> found = new LinkedHashSet<>();
        for (InterfaceAddress ia : upInterfaceAddresses(false)) {
            if (ia.getAddress() instanceof Inet4Address && ia.getBroadcast() != null) {
                found.add(ia.getBroadcast());
            }
        }
        return List.copyOf(found);
    }

    /**
     * Every broadcast address this host knows of, loopback's included: a responder refuses to send
     * PONGs there, since one datagram to them would reach many sockets.
     */
    static Set<InetAddress> known(@Nullable List<InetAddress> configured) {
        Set<InetAddress> all = new LinkedHashSet<>();
        if (configured != null) {
            all.addAll(configured);
        }
        for (InterfaceAddress ia : upInterfaceAddresses(true)) {
            if (ia.getBroadcast() != null) {
                all.add(ia.getBroadcast());
            }
        }
        try {
            all.add(InetAddress.getByAddress(new byte[] {127, (byte) 255, (byte) 255, (byte) 255}));
            all.add(InetAddress.getByAddress(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    /**
     * The local IPv4 address that faces {@code broadcast}: 127.0.0.1 for the loopback network, the
     * address of the interface whose broadcast address it is, else the source the routing table
     * would pick (asked by connecting a UDP socket, which sends nothing).
     *
     * @throws IOException when no local address can reach it
     */
    static InetAddress localAddressFacing(InetAddress broadcast) throws IOException {
        if (broadcast.isLoopbackAddress()) {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        }
        for (InterfaceAddress ia : upInterfaceAddresses(false)) {
            if (ia.getAddress() instanceof Inet4Address && broadcast.equals(ia.getBroadcast())) {
                return ia.getAddress();
            }
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.setBroadcast(true);
            probe.connect(broadcast, DiscoveryConfig.DEFAULT_PORT);
            InetAddress local = probe.getLocalAddress();
            if (local instanceof Inet4Address && !local.isAnyLocalAddress()) {
                return local;
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("no local IPv4 address reaches broadcast address " + broadcast.getHostAddress(), e);
        }
        throw new IOException("no local IPv4 address reaches broadcast address " + broadcast.getHostAddress());
    }

    private static List<InterfaceAddress> upInterfaceAddresses(boolean withLoopback) {
        List<InterfaceAddress> result = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && (withLoopback || !nif.isLoopback())) {
                    result.addAll(nif.getInterfaceAddresses());
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces", e);
        }
        return result;
    }
}
