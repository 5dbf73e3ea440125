package io.p2pboot.autoconfigure.cloud;

import io.p2pboot.protocol.Printable;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The metadata keys that make a registry instance a peer, and how an instance is read: its
 * {@value #PORT} is where its peer listens, on {@value #ADDRESS} when the instance has it, else on
 * the instance's own host.
 */
public final class PeerMetadata {

    /** The port the instance's peer listens on. */
    public static final String PORT = "p2p.port";
    /** The address (IP or host name) other peers reach the instance's peer at; absent: the instance's host. */
    public static final String ADDRESS = "p2p.address";

    private PeerMetadata() {
    }

    /** Where an instance's peer listens (host not yet resolved), or why the instance is no peer. */
    record Read(@Nullable String host, int port, @Nullable String problem) {

        static Read problem(String why) {
            return new Read(null, 0, why);
        }
    }

    static Read read(ServiceInstance instance) {
        Map<String, String> metadata = instance.getMetadata();
        String port = metadata == null ? null : metadata.get(PORT);
        if (port == null) {
            return Read.problem("no " + PORT + " metadata");
        }
        int number = port(port.strip());
        if (number < 0) {
            return Read.problem(PORT + " is not a port (1 to 65535): " + Printable.quoted(port));
        }
        String address = metadata.get(ADDRESS);
        String host = address != null && !address.isBlank() ? address.strip() : instance.getHost();
        if (host == null || host.isBlank()) {
            return Read.problem("no " + ADDRESS + " metadata and no host");
        }
        return new Read(host, number, null);
    }

    /** Plain decimal 1 to 65535, no sign and no leading zero (as every port in a peer's name); -1 otherwise. */
    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }
}
