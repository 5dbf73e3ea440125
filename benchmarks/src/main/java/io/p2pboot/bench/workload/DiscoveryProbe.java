package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Stats;
import io.p2pboot.bench.Workload;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery-20}: 20 listening peers answer discovery on one host; a 21st probes
 * ({@code discover()}) by broadcast to 127.255.255.255 on a free port. The figure is the whole
 * probe, which ends {@value #QUIET_MS} ms after the last answer; the reply rate limits are
 * raised so repeated probes are not throttled.
 */
public final class DiscoveryProbe implements Workload {

    static final int QUIET_MS = 50;

    @Override
    public List<String> names() {
        return List.of("discovery-20");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        int port = freeUdpPort();
        DiscoveryConfig config = DiscoveryConfig.builder()
                .port(port)
                .broadcastAddresses("127.255.255.255")
                .continuous(false)
                .quietPeriod(Duration.ofMillis(QUIET_MS))
                .window(Duration.ofSeconds(2))
                .replyRate(10_000, 10_000)
                .globalReplyRate(100_000, 100_000)
                .build();
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < settings.responders(); i++) {
                peers.add(Peer.create(Peers.config(DataType.BYTES).discovery(config).build()).start());
            }
            Peer prober = Peer.create(Peers.config(DataType.BYTES).discovery(config).build()).start();
            peers.add(prober);
            long warmupEnds = System.nanoTime() + settings.warmup().toNanos();
            while (System.nanoTime() - warmupEnds < 0) {
                prober.discover();
            }
            List<Double> millis = new ArrayList<>();
            int incomplete = 0;
            for (int i = 0; i < Math.max(5, settings.rounds() * 2); i++) {
                long t0 = System.nanoTime();
                int found = prober.discover().size();
                millis.add((System.nanoTime() - t0) / 1e6);
                if (found != settings.responders()) {
                    incomplete++;
                }
            }
            return List.of(Row.lower("discovery-20", "ms", Stats.median(millis), null)
                    .withNote(String.format("%d responders, includes the %d ms quiet period%s", settings.responders(),
                            QUIET_MS, incomplete > 0 ? "; " + incomplete + " probes found fewer" : "")));
        } finally {
            Peers.stop(peers.toArray(new Peer[0]));
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0))) {
            return s.getLocalPort();
        }
    }
}
