package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.InboundMemory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What remote peers can make this one hold: nothing before the handshake, at most
 * {@code maxBuffered} for all connections together, at most {@code maxConnections} connections.
 */
class PeerInboundLimitsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void dataBeforeHelloClosesTheSocketAtItsHeaderBeforeThePayloadIsRead() throws Exception {
        Peer bob = Peer.create(PeerConfig.builder().build()).start(); // max message size 16 MiB
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendHeader("DATA|data_size=" + (16 << 20) + "&data_type=bytes");
            await().atMost(WAIT).until(() -> bob.protocolErrors() == 1);
            // Closed at the header: the 16 MiB announced cannot all be written (the old decoder read them all first).
            byte[] chunk = new byte[64 * 1024];
            assertThatThrownBy(() -> {
                for (int i = 0; i < 256; i++) {
                    raw.send(chunk);
                }
            }).isInstanceOf(IOException.class);
            assertThat(bob.bufferedBytes()).isZero();
        } finally {
            bob.stop();
        }
    }

    @Test
    void manyConnectionsSendingLargeMessagesHoldAtMostMaxBufferedAndAllAreDelivered() throws Exception {
        int message = 1 << 20;
        long maxBuffered = 4L << 20;
        Peer bob = Peer.create(PeerConfig.builder().maxMessageSize(message).maxBuffered(maxBuffered).build()).start();
        Map<String, byte[]> delivered = new ConcurrentHashMap<>();
        bob.onData((c, d) -> delivered.put(c.peerName(), (byte[]) d.value()));
        int senders = 12;
        List<RawPeer> raws = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(senders);
        try {
            for (int i = 0; i < senders; i++) {
                RawPeer raw = new RawPeer(bob.address());
                raw.sendHeader("HELLO|peer_name=127.0.0.1:" + (43000 + i) + "&data_type=bytes&strict=True");
                assertThat(raw.readHeader()).isEqualTo("ACCEPT");
                raws.add(raw);
            }
            // Every sender announces 1 MiB and sends half of it: 12 partial messages, room for 4.
            for (int i = 0; i < senders; i++) {
                byte[] first = new byte[128 + message / 2];
                System.arraycopy(RawPeer.header("DATA|data_size=" + message + "&data_type=bytes"), 0, first, 0, 128);
                Arrays.fill(first, 128, first.length, (byte) i);
                raws.get(i).send(first);
            }
            InboundMemory memory = bob.inboundMemory();
            await().atMost(WAIT).until(() -> memory.waiting() == senders - 4);
            assertThat(bob.bufferedBytes()).isEqualTo(maxBuffered);
            // The senders finish; the waiting connections get memory as the first messages are handled.
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                byte[] second = new byte[message / 2];
                Arrays.fill(second, (byte) i);
                RawPeer raw = raws.get(i);
                rest.add(writers.submit(() -> raw.send(second)));
            }
            await().atMost(WAIT).until(() -> delivered.size() == senders);
            for (Future<?> f : rest) {
                f.get();
            }
            for (int i = 0; i < senders; i++) {
                byte[] got = delivered.get("127.0.0.1:" + (43000 + i));
                byte[] expected = new byte[message];
                Arrays.fill(expected, (byte) i);
                assertThat(got).as("message of sender %d", i).isEqualTo(expected);
            }
            assertThat(memory.peak()).as("the most held at once").isLessThanOrEqualTo(maxBuffered);
            await().atMost(WAIT).until(() -> bob.bufferedBytes() == 0);
        } finally {
            writers.shutdownNow();
            for (RawPeer raw : raws) {
                raw.close();
            }
            bob.stop();
        }
    }

    @Test
    void aMessageTrickledWhileOthersWaitForMemoryIsEvictedAfterTheStallLimit() throws Exception {
        int message = 1 << 20;
        Peer bob = Peer.create(PeerConfig.builder().maxMessageSize(message).maxBuffered(message)
                .keepAlive(Duration.ofMillis(100)).deadAfter(Duration.ofMillis(1500)).build()).start();
        Map<String, byte[]> delivered = new ConcurrentHashMap<>();
        Map<String, CloseReason> closed = new ConcurrentHashMap<>();
        bob.onData((c, d) -> delivered.put(c.peerName(), (byte[]) d.value()));
        bob.onClose((c, r) -> closed.put(c.peerName(), r));
        try (RawPeer trickler = new RawPeer(bob.address()); RawPeer waiter = new RawPeer(bob.address())) {
            trickler.sendHeader("HELLO|peer_name=127.0.0.1:47001&data_type=bytes&strict=True");
            assertThat(trickler.readHeader()).isEqualTo("ACCEPT");
            trickler.sendHeader("DATA|data_size=" + message + "&data_type=bytes"); // holds all the memory
            await().atMost(WAIT).until(() -> bob.bufferedBytes() == message);
            waiter.sendHeader("HELLO|peer_name=127.0.0.1:47002&data_type=bytes&strict=True");
            assertThat(waiter.readHeader()).isEqualTo("ACCEPT");
            waiter.sendData("bytes", new byte[1000]);
            // A byte every 100 ms: never silent for dead-after, yet never done.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (delivered.isEmpty() && System.nanoTime() < deadline) {
                trickler.send(new byte[1]);
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
            assertThat(delivered.get("127.0.0.1:47002")).hasSize(1000);
            await().atMost(WAIT).until(() -> closed.containsKey("127.0.0.1:47001"));
            assertThat(closed.get("127.0.0.1:47001").detail()).startsWith("a message of 1048576 bytes was still incomplete")
                    .contains("holding memory other connections wait for");
        } finally {
            bob.stop();
        }
    }

    @Test
    void maxBufferedMustHoldOneMessage() {
        assertThatThrownBy(() -> PeerConfig.builder().maxMessageSize(2 << 20).maxBuffered(1 << 20).build())
                .hasMessageContaining("maxBuffered (1048576 bytes) must hold at least one message of maxMessageSize (2097152 bytes)");
    }

    @Test
    void theDefaultMaxConnectionsDeniesTheNextOffer() throws Exception {
        PeerConfig defaults = PeerConfig.builder().build();
        assertThat(defaults.maxConnections()).isEqualTo(1024);
        Peer bob = Peer.create(defaults).start();
        List<RawPeer> raws = new ArrayList<>();
        try {
            for (int i = 0; i < defaults.maxConnections(); i++) {
                RawPeer raw = new RawPeer(bob.address());
                raws.add(raw);
                raw.sendHeader("HELLO|peer_name=127.0.0.1:" + (44000 + i) + "&data_type=json&strict=True");
                assertThat(raw.readHeader()).isEqualTo("ACCEPT");
            }
            try (RawPeer next = new RawPeer(bob.address())) {
                next.sendHeader("HELLO|peer_name=127.0.0.1:46000&data_type=json&strict=True");
                assertThat(next.readHeader()).isEqualTo("DENY");
            }
            assertThat(bob.deniedOffers()).isEqualTo(1);
        } finally {
            for (RawPeer raw : raws) {
                raw.close();
            }
            bob.stop();
        }
    }
}
