package io.p2pboot.autoconfigure;

import io.p2pboot.peer.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the peer listening once the context is ready (after annotated handlers are registered,
 * so no early event is missed) and stops it gracefully on shutdown, letting connections send what
 * they queued. With {@code p2p.fail-fast} off, a failure to start is kept for the health check.
 */
public class PeerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeerLifecycle.class);

    private final Peer peer;
    private final boolean failFast;
    private volatile boolean running;
    private volatile Exception startFailure;

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
            if (failFast) {
                throw new IllegalStateException("peer could not listen on " + peer.config().address() + ":"
                        + peer.config().port() + " (p2p.address, p2p.port): " + e.getMessage(), e);
            }
            log.error("peer could not listen on {}:{}: {}", peer.config().address(), peer.config().port(), e.getMessage());
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
    public boolean isRunning() {
        return running;
    }

    /** Why the peer failed to start, or {@code null}. */
    public Exception startFailure() {
        return startFailure;
    }
}
