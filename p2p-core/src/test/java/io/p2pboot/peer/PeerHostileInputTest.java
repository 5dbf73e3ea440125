package io.p2pboot.peer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile input never harms the listener or other connections, and each gets a precise reason. */
class PeerHostileInputTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private Peer bob;
    private Peer alice;

    @BeforeEach
    void start() throws Exception {
        bob = Peer.create(PeerConfig.builder().timeout(Duration.ofMillis(500)).maxMessageSize(1024).build()).start();
        alice = Peer.create(PeerConfig.builder().build()).start();
    }

    @AfterEach
    void stop() {
        alice.stop();
        bob.stop();
    }

    /** The listener still accepts a well-behaved peer and exchanges data with it. */
    private void listenerStillServes() throws Exception {
        Connection c = alice.connect(bob.name());
        c.send("still here");
        assertThat(bob.awaitConnectionTo(alice.name(), WAIT).receive(WAIT).value()).isEqualTo("still here");
        c.close();
    }

    private void closedForBreakingTheProtocol(RawPeer raw, long errorsBefore) {
        assertThat(raw.closedByOtherSide()).isTrue();
        await().atMost(WAIT).until(() -> bob.protocolErrors() > errorsBefore);
    }

    @Test
    void aSilentClientIsClosedAfterTheTimeoutWithoutDelayingOthers() throws Exception {
        try (RawPeer silent = new RawPeer(bob.address())) {
            long start = System.nanoTime();
            listenerStillServes();
            assertThat(silent.closedByOtherSide()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), WAIT);
        }
    }

    @Test
    void aHelloSplitByteByByteIsAccepted() throws Exception {
        try (RawPeer raw = new RawPeer(bob.address())) {
            for (byte b : RawPeer.header("HELLO|peer_name=127.0.0.1:41000&data_type=json&strict=True")) {
                raw.send(new byte[] {b});
            }
            assertThat(raw.readHeader()).isEqualTo("ACCEPT");
        }
    }

    @Test
    void aNonUtf8HeaderClosesOnlyThatSocket() throws Exception {
        try (RawPeer raw = new RawPeer(bob.address())) {
            byte[] bad = RawPeer.header("HELLO|peer_name=127.0.0.1:41001&data_type=json&strict=True");
            bad[20] = (byte) 0xC3;
            bad[21] = (byte) 0x28;
            raw.send(bad);
            closedForBreakingTheProtocol(raw, 0);
        }
        listenerStillServes();
    }

    @Test
    void anUnknownKindOrDataBeforeHelloClosesTheSocket() throws Exception {
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendHeader("HOWDY|peer_name=127.0.0.1:41002");
            closedForBreakingTheProtocol(raw, 0);
        }
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendData("json", "{\"data\": 1}".getBytes(UTF_8));
            closedForBreakingTheProtocol(raw, 1);
        }
        listenerStillServes();
    }

    @Test
    void aHelloMissingFieldsClosesTheSocket() throws Exception {
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendHeader("HELLO|peer_name=127.0.0.1:41003&strict=True");
            closedForBreakingTheProtocol(raw, 0);
        }
        try (RawPeer raw = new RawPeer(bob.address())) {
            raw.sendHeader("HELLO");
            closedForBreakingTheProtocol(raw, 1);
        }
        listenerStillServes();
    }

    private RawPeer connected(String type) throws Exception {
        RawPeer raw = new RawPeer(bob.address());
        raw.sendHeader("HELLO|peer_name=127.0.0.1:" + (42000 + (int) (Math.random() * 1000))
                + "&data_type=" + type + "&strict=True");
        assertThat(raw.readHeader()).isEqualTo("ACCEPT");
        return raw;
    }

    @Test
    void anOversizeOrNegativeDataSizeClosesTheConnectionBeforeAnyPayload() throws Exception {
        List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        bob.onClose((c, r) -> reasons.add(r));
        try (RawPeer raw = connected("bytes")) {
            raw.sendHeader("DATA|data_size=99999999999&data_type=bytes");
            assertThat(raw.closedByOtherSide()).isTrue();
        }
        try (RawPeer raw = connected("bytes")) {
            raw.sendHeader("DATA|data_size=1025&data_type=bytes");
            assertThat(raw.closedByOtherSide()).isTrue();
        }
        try (RawPeer raw = connected("bytes")) {
            raw.sendHeader("DATA|data_size=-5&data_type=bytes");
            assertThat(raw.closedByOtherSide()).isTrue();
        }
        await().atMost(WAIT).until(() -> reasons.size() == 3);
        assertThat(reasons).allSatisfy(r -> assertThat(r.kind()).isEqualTo(CloseReason.Kind.PROTOCOL));
        // Close handlers of different connections run in parallel: look for each reason, not at an index.
        assertThat(reasons).anySatisfy(r -> assertThat(r.detail()).contains("1025").contains("maximum message size 1024"));
        assertThat(reasons).anySatisfy(r -> assertThat(r.detail()).contains("-5"));
        listenerStillServes();
    }

    @Test
    void aPickleThatAsksToCallAFunctionIsRefusedWithTheReason() throws Exception {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        List<Object> delivered = new CopyOnWriteArrayList<>();
        bob.onClose((c, r) -> closed.complete(r)).onData((c, d) -> delivered.add(d.value()));
        // pickle.dumps of a class whose __reduce__ returns (os.system, ("echo pwned",)), protocol 4.
        byte[] evil = {(byte) 0x80, 4, (byte) 0x95, 0x25, 0, 0, 0, 0, 0, 0, 0, (byte) 0x8c, 5, 'p', 'o', 's', 'i', 'x',
                (byte) 0x94, (byte) 0x8c, 6, 's', 'y', 's', 't', 'e', 'm', (byte) 0x94, (byte) 0x93, (byte) 0x94,
                (byte) 0x8c, 10, 'e', 'c', 'h', 'o', ' ', 'p', 'w', 'n', 'e', 'd', (byte) 0x94, (byte) 0x85,
                (byte) 0x94, 'R', (byte) 0x94, '.'};
        try (RawPeer raw = connected("raw")) {
            raw.sendData("raw", evil);
            CloseReason reason = closed.get(5, TimeUnit.SECONDS);
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
            assertThat(reason.detail()).containsIgnoringCase("posix");
            assertThat(raw.closedByOtherSide()).isTrue();
        }
        assertThat(delivered).isEmpty();
        Connection c = alice.connect(bob.name());
        c.send("still here");
        await().atMost(WAIT).until(() -> delivered.contains("still here"));
        assertThat(delivered).containsExactly("still here");
    }

    @Test
    void aFloodOfConnectsLeavesTheListenerServing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        try (Socket s = new Socket()) {
                            s.connect(bob.address(), 2000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        listenerStillServes();
        await().atMost(WAIT).until(() -> bob.connections().isEmpty());
    }

    @Test
    void aSlowReceiverSlowsTheSenderDownAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        Peer slow = Peer.create(PeerConfig.builder().build()).start();
        Peer fast = Peer.create(PeerConfig.builder().timeout(Duration.ofMillis(300)).build()).start();
        try {
            slow.onData((c, d) -> {
                release.await();
                got.add(((byte[]) d.value()).length);
            });
            Connection c = fast.connect(slow.name(), ConnectOptions.of(DataType.BYTES));
            byte[] chunk = new byte[64 * 1024];
            int sent = 0;
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100_000; i++) {
                    c.send(chunk);
                }
            }).isInstanceOf(SendTimeoutException.class);
            // The sender was stopped long before 100 000 chunks (6 GB): memory stayed bounded.
            Connection atSlow = slow.awaitConnectionTo(fast.name(), WAIT);
            assertThat(atSlow.pipe().channel().config().isAutoRead()).isFalse();
            release.countDown();
            c.send(new byte[1]);
            await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty() && got.get(got.size() - 1) == 1);
            sent = got.size();
            assertThat(got.subList(0, sent - 1)).allMatch(n -> n == chunk.length);
        } finally {
            fast.stop();
            slow.stop();
        }
    }
}
