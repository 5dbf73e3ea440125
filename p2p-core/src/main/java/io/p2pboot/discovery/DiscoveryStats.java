package io.p2pboot.discovery;

/**
 * What discovery has seen and done since it was made: a snapshot, for logs, health and tests.
 *
 * @param pingsReceived well-formed PINGs the responder received
 * @param pongsSent PONGs the responder handed to its socket (at most one per PING; failures also count in sendFailures)
 * @param notAnswered well-formed PINGs left unanswered because the peer was invisible or not listening
 * @param rateLimited PINGs left unanswered because their source (or all sources) exceeded the reply rate
 * @param badPingers PINGs whose {@code pinger} is not an IPv4 {@code ip:port} a reply may go to
 * @param foreignPingers PINGs left unanswered because their {@code pinger}'s IP is not the IP they came
 *        from: answering would reflect a PONG at a third host
 * @param malformed datagrams that are not a valid 128-byte header
 * @param oversize datagrams longer than a header
 * @param ignored valid headers of a kind the socket does not expect (a PONG to the responder, a HELLO, ...)
 * @param probes probes sent
 * @param pongsReceived valid PONGs the prober received (its own and repeats included)
 * @param badPongs PONGs whose {@code ponger} is not an IPv4 {@code ip:port}
 * @param unreachablePongs PONGs naming an address no peer can listen on or the prober cannot reach
 * @param ignoredPeers names heard but not tracked (nor returned by a probe) because
 *        {@link DiscoveryConfig#maxPeers()} new names were already there
 * @param sendFailures datagrams the socket failed to send
 */
public record DiscoveryStats(
        long pingsReceived,
        long pongsSent,
        long notAnswered,
        long rateLimited,
        long badPingers,
        long foreignPingers,
        long malformed,
        long oversize,
        long ignored,
        long probes,
        long pongsReceived,
        long badPongs,
        long unreachablePongs,
        long ignoredPeers,
        long sendFailures) {
}
