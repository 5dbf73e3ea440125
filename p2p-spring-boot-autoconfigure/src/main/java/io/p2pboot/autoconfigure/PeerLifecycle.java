package io.p2pboot.autoconfigure;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.peer.Peer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the peer listening once the context is ready (after annotated handlers are registered,
 * so no early event is missed) and stops it gracefully on shutdown, letting connections send what
 * they queued. With {@code p2p.fail-fast} off, a failure to start is kept for the health check.
 *
 * <p>It runs in {@link #PHASE}: below the web server's phases, so the peer listens before the
 * server takes requests and stops only after the server has drained them (requests in progress
 * at shutdown still find the peer and its connections); above the task executors' phase, so the
 * handlers of the messages the peer drains still have their threads.
 */
public class PeerLifecycle implements SmartLifecycle {

    /**
     * {@code DEFAULT_PHASE - 4096}. Lifecycles start in ascending phase order and stop in
     * descending order. Spring Boot 4.1 runs the web server's graceful shutdown in
     * {@code DEFAULT_PHASE - 1024} ({@code WebServerGracefulShutdownLifecycle}) and starts and
     * stops the web server in {@code DEFAULT_PHASE - 2048} ({@code WebServerStartStopLifecycle});
     * Spring's task executors pause in {@code Integer.MAX_VALUE / 2}. In the default phase the peer
     * stopped before the server had drained, and requests being served found no connection.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(PeerLifecycle.class);

    private final Peer peer;
    private final boolean failFast;
    private volatile boolean running;
    private volatile @Nullable Exception startFailure;

    public PeerLifecycle(Peer peer, boolean failFast) {
        this.peer = peer;
        this.failFast = failFast;
    }

    @Override
    public void start() {
        if (peer.isListening()) {
            running = true;
            return;
        }
        try {
            peer.start();
            running = true;
        } catch (Exception e) {
            startFailure = e;
            String where = PeerAddress.format(peer.config().address(), peer.config().port());
            if (failFast) {
                throw new PeerListenException(peer.config().address(), peer.config().port(), e);
            }
            log.error("peer could not listen on {}: {}", where, e.getMessage());
        }
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        peer.stopAsync().whenComplete((r, e) -> callback.run());
    }

    @Override
    public void stop() {
        running = false;
        peer.stop();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Why the peer failed to start, or {@code null}. */
    public @Nullable Exception startFailure() {
        return startFailure;
    }
}
