package io.p2pboot.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Test settings: discovery on the loopback network only, with short clocks, on a free port. */
final class LoopbackDiscovery {

    static final Duration WAIT = Duration.ofSeconds(10);

    private LoopbackDiscovery() {
    }

    /** A listener that writes "+name" for each peer discovered and "-name" for each peer lost. */
    static DiscoveryListener recordingInto(java.util.List<String> news) {
        return new DiscoveryListener() {
            @Override
            public void peerDiscovered(Discovery d, DiscoveredPeer peer) {
                news.add("+" + peer.name());
            }

            @Override
            public void peerLost(Discovery d, DiscoveredPeer peer) {
                news.add("-" + peer.name());
            }
        };
    }

    /** A UDP port free on 0.0.0.0 right now. */
    static int freePort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Broadcasts only to 127.255.255.255; quick probes and rounds. Every prober of a host shares the
     * source IP 127.0.0.1, so the per-source reply limit is raised: the tests that probe it set their own.
     */
    static DiscoveryConfig.Builder config(int port) {
        return DiscoveryConfig.builder()
                .port(port)
                .broadcastAddresses(BroadcastAddresses.LOOPBACK)
                .quietPeriod(Duration.ofMillis(250))
                .replyRate(1000, 1000)
                .window(Duration.ofSeconds(1))
                .interval(Duration.ofMillis(150))
                .lostAfterRounds(2)
                .continuous(false);
    }
}
