package io.p2pboot.discovery;

import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.ServerPipe;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A discovery node in its own process, for tests: listens on TCP at {@code ip}:(free port), answers
 * discovery with that name, optionally probes continuously, and prints one line per event:
 * {@code READY name}, {@code DISCOVERED name}, {@code LOST name}. It exits when its standard input
 * closes, so it never outlives the test that started it.
 *
 * <p>Arguments, {@code key=value}: {@code ip} (required), {@code port} (discovery port, default 1024),
 * {@code broadcast} (an IPv4 literal, or {@code interfaces} for the default), {@code continuous}.
 */
public final class DiscoveryNodeMain {

    private DiscoveryNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        DiscoveryConfig.Builder config = DiscoveryConfig.builder()
                .port(Integer.parseInt(opts.getOrDefault("port", "1024")))
                .quietPeriod(Duration.ofMillis(250))
                .replyRate(1000, 1000)
                .window(Duration.ofSeconds(1))
                .interval(Duration.ofMillis(150))
                .lostAfterRounds(2)
                .continuous(Boolean.parseBoolean(opts.getOrDefault("continuous", "false")));
        String broadcast = opts.getOrDefault("broadcast", BroadcastAddresses.LOOPBACK);
        if (!broadcast.equals("interfaces")) {
            config.broadcastAddresses(broadcast);
        }
        try (ServerPipe server = Pipe.tcp().bind(opts.get("ip"), 0).listen()) {
            InetSocketAddress listening = server.localAddress();
            String name = listening.getAddress().getHostAddress() + ":" + listening.getPort();
            try (Discovery discovery = new Discovery(config.build(), () -> name)) {
                discovery.addListener(new DiscoveryListener() {
                    @Override
                    public void peerDiscovered(Discovery d, DiscoveredPeer peer) {
                        say("DISCOVERED " + peer.name());
                    }

                    @Override
                    public void peerLost(Discovery d, DiscoveredPeer peer) {
                        say("LOST " + peer.name());
                    }
                });
                discovery.start();
                say("READY " + name);
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // wait for the parent to close our input
                }
            }
        }
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
