package io.p2pboot.pipe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A local interface and its addresses: where a pipe binds instead of the OS's default choice
 * (P2PD's interface selection).
 *
 * @param interfaceName the OS's name, such as {@code lo} or {@code eth0}
 * @param addresses its IPv4 and IPv6 addresses
 */
public record Route(String interfaceName, List<InetAddress> addresses) {

    public Route {
        addresses = List.copyOf(addresses);
    }

    /** The up interfaces of this machine, loopback included. */
    public static List<Route> list() {
        try {
            List<Route> routes = new ArrayList<>();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp()) {
                    routes.add(new Route(nif.getName(), Collections.list(nif.getInetAddresses())));
                }
            }
            return routes;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces", e);
        }
    }

    /** The route of the interface with this name. */
    public static Route named(String interfaceName) {
        return list().stream().filter(r -> r.interfaceName().equals(interfaceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no up interface named " + interfaceName));
    }

    /** A route that binds one given local address (for instance 127.0.0.2, another loopback address). */
    public static Route address(InetAddress address) {
        return new Route(address.getHostAddress(), List.of(address));
    }

    public List<InetAddress> ipv4() {
        return addresses.stream().filter(a -> a instanceof Inet4Address).toList();
    }

    public List<InetAddress> ipv6() {
        return addresses.stream().filter(a -> a instanceof Inet6Address).toList();
    }

    /** The address to bind for a peer of the given family ({@code null}: IPv4 first). */
    Optional<InetAddress> bindAddressFor(@Nullable InetAddress peer) {
        boolean v6 = peer instanceof Inet6Address;
        List<InetAddress> preferred = v6 ? ipv6() : ipv4();
        if (!preferred.isEmpty()) {
            return Optional.of(preferred.get(0));
        }
        return peer == null ? addresses.stream().findFirst() : Optional.empty();
    }
}
