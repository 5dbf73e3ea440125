package io.p2pboot.autoconfigure;

/**
 * The auto-configured peer could not start listening: on its address and port, or (with discovery
 * on) on the discovery port. Thrown at start-up with {@code p2p.fail-fast} on; Boot's failure
 * analysis turns it into advice ({@link PeerListenFailureAnalyzer}).
 */
public class PeerListenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String address;
    private final int port;

    public PeerListenException(String address, int port, Throwable cause) {
        super("peer could not listen on " + address + ":" + port + " (p2p.address, p2p.port): " + cause.getMessage(),
                cause);
        this.address = address;
        this.port = port;
    }

    /** The address the peer was to listen on ({@code p2p.address}). */
    public String address() {
        return address;
    }

    /** The port the peer was to listen on ({@code p2p.port}; 0 for a free one). */
    public int port() {
        return port;
    }
}
