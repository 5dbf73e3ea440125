package io.p2pboot.peer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A receiving peer with sessions, in a JVM of its own for {@link SessionReceiverRestartTest}: listens
 * on the port given, prints {@code READY name}, then {@code GOT n dup} for each message it handles
 * (a json number, or a {@code bytes} message of its digits),
 * as it handles it (the line is out before the acknowledgment can be).
 */
public final class SessionReceiverMain {

    private SessionReceiverMain() {
    }

    public static void main(String[] args) throws Exception {
        Peer peer = Peer.create(PeerConfig.builder().port(Integer.parseInt(args[0]))
                .sessions(new SessionConfig(1 << 20, Duration.ofSeconds(30))).build());
        peer.onData((c, r) -> {
            Object n = r.value() instanceof byte[] digits ? new String(digits, StandardCharsets.US_ASCII) : r.value();
            System.out.println("GOT " + n + " " + r.possibleDuplicate());
            System.out.flush();
            Thread.sleep(1); // slower than the sender: acknowledgments lag behind handling
        });
        peer.start();
        System.out.println("READY " + peer.name());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
