package io.p2pboot.discovery;

import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshConfig;
import io.p2pboot.mesh.MeshListener;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.PipeConfig;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mesh peer in its own process, for tests: listens at {@code ip}:{@code port}, finds peers by
 * broadcast to {@code broadcast} and by {@code seeds} (comma separated), joins a mesh, and prints
 * one line per event: {@code READY name}, {@code DISCOVERED name source}, {@code CONNECTED name},
 * {@code CLOSED name}, {@code RECONNECTED name}. It exits when its standard input closes.
 */
public final class MeshNodeMain {

    private MeshNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        DiscoveryConfig discovery = DiscoveryConfig.builder()
                .broadcastAddresses(opts.get("broadcast"))
                .quietPeriod(Duration.ofMillis(250))
                .window(Duration.ofMillis(500))
                .interval(Duration.ofMillis(200))
                .lostAfterRounds(3)
                .continuous(true)
                .build();
        PeerConfig.Builder config = PeerConfig.builder().address(opts.get("ip"))
                .port(Integer.parseInt(opts.getOrDefault("port", "0"))).discovery(discovery);
        String seeds = opts.getOrDefault("seeds", "");
        if (!seeds.isEmpty()) {
            config.sources(List.of(new SeedSource(Arrays.asList(seeds.split(",")), PipeConfig.defaults())));
        }
        Peer peer = Peer.create(config.build())
                .onPeerDiscovered((p, found) -> say("DISCOVERED " + found.name() + " " + found.source()))
                .onConnection((p, c) -> say("CONNECTED " + c.peerName()))
                .onClose((c, reason) -> say("CLOSED " + c.peerName()));
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        try (Mesh mesh = Mesh.attach(peer, MeshConfig.defaults().withBackoff(backoff))) {
            mesh.addListener(new MeshListener() {
                @Override
                public void reconnected(String peerName, int attempts, Duration down) {
                    say("RECONNECTED " + peerName);
                }
            });
            peer.start();
            say("READY " + peer.name());
            InputStream in = System.in;
            while (in.read() >= 0) {
                // wait for the parent to close our input
            }
        } finally {
            peer.stop();
        }
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
