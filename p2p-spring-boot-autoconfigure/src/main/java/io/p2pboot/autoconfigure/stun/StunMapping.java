package io.p2pboot.autoconfigure.stun;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.stun.StunClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a STUN server, once the peer listens, which address it sees a UDP socket on the peer's
 * listening IP come from: behind a NAT, the public side of the mapping (for UDP; a TCP mapping
 * may differ, which is why the result is shown, not used as the peer's name). A failure is
 * logged and shown; it never stops the application.
 */
public final class StunMapping {

    private static final Logger log = LoggerFactory.getLogger(StunMapping.class);

    private final String server;
    private final PipeConfig pipeConfig;
    private final Duration timeout;
    private volatile @Nullable CompletableFuture<InetSocketAddress> mapping;
    private final PeerListener onListen = this::ask;

    /**
     * @param server the STUN server, {@code host:port}
     * @param pipeConfig resolves its name ({@code dns_timeout}) and bounds the tries ({@code send_retry})
     * @param timeout the wait for each try's answer
     */
    public StunMapping(String server, PipeConfig pipeConfig, Duration timeout) {
        this.server = PeerAddress.checkHostAndPort(server);
        this.pipeConfig = pipeConfig;
        this.timeout = timeout;
    }

    /** Asks each time {@code peer} starts listening. */
    public StunMapping attachTo(Peer peer) {
        peer.onListen(onListen);
        return this;
    }

    private void ask(Peer peer) {
        InetSocketAddress listening = peer.address();
        if (listening == null) {
            return;
        }
        CompletableFuture<InetSocketAddress> asked = PeerAddress.resolve(server, pipeConfig)
                .thenCompose(stun -> StunClient.mappedAddressAsync(
                        Pipe.udp().bind(new InetSocketAddress(listening.getAddress(), 0)).config(pipeConfig),
                        stun.socketAddress(), timeout));
        mapping = asked;
        asked.whenComplete((mapped, error) -> {
            if (error != null) {
                log.warn("peer {}: no mapping from STUN server {}: {}", peer.name(), server, reason(error));
            } else {
                log.info("peer {}: STUN server {} sees it as {}", peer.name(), server, PeerAddress.format(mapped));
            }
        });
    }

    /** The server asked. */
    public String server() {
        return server;
    }

    /**
     * What health shows: the server, and the mapped address, or why there is none, or
     * {@code pending} while the answer is awaited.
     */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("server", server);
        CompletableFuture<InetSocketAddress> m = mapping;
        if (m == null || !m.isDone()) {
            details.put("status", "pending");
        } else if (m.isCompletedExceptionally()) {
            details.put("status", "failed");
            details.put("error", reason(m.handle((v, e) -> e).join()));
        } else {
            details.put("status", "mapped");
            details.put("mappedAddress", PeerAddress.format(m.join()));
        }
        return details;
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
