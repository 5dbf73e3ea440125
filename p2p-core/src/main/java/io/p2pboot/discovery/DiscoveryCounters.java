package io.p2pboot.discovery;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link DiscoveryStats}, shared by the responder and the prober. */
final class DiscoveryCounters {

    final LongAdder pingsReceived = new LongAdder();
    final LongAdder pongsSent = new LongAdder();
    final LongAdder notAnswered = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder badPingers = new LongAdder();
    final LongAdder foreignPingers = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder oversize = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder probes = new LongAdder();
    final LongAdder pongsReceived = new LongAdder();
    final LongAdder badPongs = new LongAdder();
    final LongAdder unreachablePongs = new LongAdder();
    final LongAdder ignoredPeers = new LongAdder();
    final LongAdder sendFailures = new LongAdder();

    DiscoveryStats snapshot() {
        return new DiscoveryStats(pingsReceived.sum(), pongsSent.sum(), notAnswered.sum(), rateLimited.sum(),
                badPingers.sum(), foreignPingers.sum(), malformed.sum(), oversize.sum(), ignored.sum(), probes.sum(),
                pongsReceived.sum(), badPongs.sum(), unreachablePongs.sum(), ignoredPeers.sum(), sendFailures.sum());
    }
}
