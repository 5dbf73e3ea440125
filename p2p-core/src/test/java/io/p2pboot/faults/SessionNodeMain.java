package io.p2pboot.faults;

import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshConfig;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.SendTimeoutException;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.pipe.PipeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A peer with sessions in its own process and network namespace, for {@link SessionFaultsTest}:
 * listens at {@code ip}:{@code port}, keeps a mesh connection with {@code other}, sends it
 * {@code count} numbered json messages, and prints {@code READY name}; {@code GOT n} every 1,000
 * messages received; {@code ORDER got x after y} for a message out of order or repeated (none is
 * expected); {@code RECEIVED-ALL n} once all came; {@code ACKED-ALL} once every send's future
 * completed. It exits when its standard input closes.
 */
public final class SessionNodeMain {

    private SessionNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        String other = opts.get("other");
        int count = Integer.parseInt(opts.get("count"));
        Peer peer = Peer.create(PeerConfig.builder().address(opts.get("ip")).port(Integer.parseInt(opts.get("port")))
                .deadAfter(Duration.ofSeconds(3)).keepAlive(Duration.ofMillis(500))
                .sessions(new SessionConfig(16 << 20, Duration.ofSeconds(60)))
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(200)).build())
                .sources(List.of(new SeedSource(List.of(other), PipeConfig.defaults()))).build());
        peer.onConnection((p, c) -> say("CONNECTED " + c.peerName() + (c.dialled() ? " dialled" : " accepted")));
        peer.onClose((c, reason) -> say("CLOSED " + c.peerName() + " " + reason.kind() + " " + reason.detail()));
        int[] last = new int[1];
        peer.onData((c, r) -> {
            int n = ((Number) r.value()).intValue();
            if (n != last[0] + 1) {
                say("ORDER got " + n + " after " + last[0]);
            }
            last[0] = Math.max(last[0], n);
            if (n % 1000 == 0) {
                say("GOT " + n);
            }
            if (n == count) {
                say("RECEIVED-ALL " + n);
            }
        });
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        try (Mesh mesh = Mesh.attach(peer, MeshConfig.defaults().withBackoff(backoff))) {
            peer.start();
            say("READY " + peer.name());
            Thread sender = new Thread(() -> send(peer, other, count), "sender");
            sender.setDaemon(true);
            sender.start();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        } finally {
            peer.stop();
        }
        System.exit(0);
    }

    /** Sends 1..count on whatever connection is open; a send refused for a closed connection is made again on the next. */
    private static void send(Peer peer, String other, int count) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try {
            int i = 1;
            while (i <= count) {
                Connection c = peer.awaitConnectionTo(other, Duration.ofSeconds(60));
                if (c == null) {
                    say("NO-CONNECTION");
                    return;
                }
                try {
                    CompletableFuture<Void> f = c.send(i);
                    if (f.isCompletedExceptionally() && !c.isOpen()) {
                        continue;
                    }
                    sent.add(f);
                    if (i++ % 20 == 0) {
                        Thread.sleep(1);
                    }
                } catch (SendTimeoutException e) {
                    // not taken: again
                }
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).join();
            say("ACKED-ALL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            say("SEND-FAILED " + e);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
