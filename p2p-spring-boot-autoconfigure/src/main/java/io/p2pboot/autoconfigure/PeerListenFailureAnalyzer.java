package io.p2pboot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what to do when the peer cannot listen: its port is taken, its address is not this
 * machine's, or the discovery port is taken. Other start failures are left to Boot's report.
 */
class PeerListenFailureAnalyzer extends AbstractFailureAnalyzer<PeerListenException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, PeerListenException failure) {
        String why = causes(failure);
        String where = failure.address() + ":" + failure.port();
        if (why.contains("discovery responder")) {
            return new FailureAnalysis("The peer's discovery could not listen: " + firstCause(failure) + ".",
                    "Stop the other process that holds the discovery port, or set p2p.discovery.port to "
                            + "another port (every peer of the network must use the same one; 0 picks a free "
                            + "port, for tests), or set p2p.discovery.enabled=false.", failure);
        }
        if (why.contains("already in use")) {
            return new FailureAnalysis("The peer could not listen on " + where + ": the port is already in use.",
                    "Stop the process that listens on port " + failure.port() + ", or set p2p.port to another "
                            + "port (0 picks a free one).", failure);
        }
        if (why.contains("assign requested address") || why.contains("not a local address")) {
            return new FailureAnalysis("The peer could not listen on " + where + ": " + failure.address()
                    + " is not an address of this machine.",
                    "Set p2p.address to an address of one of this machine's network interfaces (127.0.0.1 "
                            + "for this machine only, or 0.0.0.0 for all interfaces).", failure);
        }
        return null;
    }

    /** The messages of the cause chain, for matching what the operating system said. */
    private static String causes(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstCause(Throwable failure) {
        Throwable cause = failure.getCause();
        return cause == null ? String.valueOf(failure.getMessage()) : String.valueOf(cause.getMessage());
    }
}
