package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.DataType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two Java peers over loopback: every event, data type, strict and stream mode. */
class PeerTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();

    Peer peer() throws Exception {
        return peer(PeerConfig.builder());
    }

    Peer peer(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build());
        peers.add(p);
        return p;
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    record Chat(String from, String text, int seq) {
    }

    @Test
    void connectAndExchangeJsonWithEventsOnBothSides() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Peer bob = peer().onListen(p -> events.add("bob listen"))
                .onOffer((p, offer) -> events.add("bob offer " + offer.dataType()) || true)
                .onConnection((p, c) -> events.add("bob connection")).start();
        Peer alice = peer().onConnection((p, c) -> events.add("alice connection")).start();

        Connection toBob = alice.connect(bob.name());
        assertThat(toBob.peerName()).isEqualTo(bob.name());
        assertThat(toBob.dataType()).isEqualTo(DataType.JSON);
        toBob.send(Map.of("text", "hi bob"));

        await().atMost(WAIT).until(() -> bob.connections().containsKey(alice.name()));
        Connection toAlice = bob.connections().get(alice.name());
        Received got = toAlice.receive(WAIT);
        assertThat(got.value()).isEqualTo(Map.of("text", "hi bob"));
        toAlice.send(new Chat("bob", "hello", 1));
        assertThat(toBob.receive(WAIT).as(Chat.class)).isEqualTo(new Chat("bob", "hello", 1));
        await().atMost(WAIT).until(() -> events.size() == 4);
        assertThat(events).containsExactlyInAnyOrder("bob listen", "bob offer json", "bob connection", "alice connection");
    }

    @Test
    void bytesAndRawConnectionsCarryTheirTypes() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection bytes = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        bytes.send(new byte[] {1, 2, 3});
        Connection bobBytes = bob.awaitConnectionTo(alice.name(), WAIT);
        assertThat((byte[]) bobBytes.receive(WAIT).value()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> bytes.send(Map.of())).isInstanceOf(IllegalArgumentException.class);

        // Another data type to the same peer replaces the connection, as Peerpy does.
        Connection raw = alice.connect(bob.name(), ConnectOptions.of(DataType.RAW));
        assertThat(bytes.closeReason()).isNotNull();
        raw.send(List.of(1, "two", 3.0));
        Connection bobRaw = bob.awaitConnectionTo(alice.name(), WAIT);
        await().atMost(WAIT).until(() -> bobRaw.dataType() == DataType.RAW || !bobRaw.isOpen());
        Received r = bob.connections().get(alice.name()).receive(WAIT);
        assertThat(r.dataType()).isEqualTo(DataType.RAW);
        assertThat(r.value()).isEqualTo(List.of(1, "two", 3.0));
    }

    @Test
    void connectingAgainWithTheSameTypeReusesTheConnection() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection first = alice.connect(bob.name());
        assertThat(alice.connect(bob.name())).isSameAs(first);
        assertThatThrownBy(() -> alice.connect(alice.name())).hasMessageContaining("itself");
    }

    @Test
    void aDeniedOfferFailsTheConnectAndFiresNoConnection() throws Exception {
        CompletableFuture<Offer> seen = new CompletableFuture<>();
        Peer bob = peer().onOffer((p, offer) -> {
            seen.complete(offer);
            return false;
        }).start();
        Peer alice = peer().start();
        assertThatThrownBy(() -> alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES).withStrict(false)))
                .isInstanceOf(ConnectionDeniedException.class).hasMessageContaining(bob.name());
        Offer offer = seen.get(5, TimeUnit.SECONDS);
        assertThat(offer.peerName()).isEqualTo(alice.name());
        assertThat(offer.dataType()).isEqualTo(DataType.BYTES);
        assertThat(offer.strict()).isFalse();
        assertThat(bob.connections()).isEmpty();
        assertThat(alice.connections()).isEmpty();
    }

    @Test
    void maxConnectionsDeniesFurtherOffersAndFreesSlotsOnClose() throws Exception {
        Peer bob = peer(PeerConfig.builder().maxConnections(1)).start();
        Peer alice = peer().start();
        Peer carol = peer().start();
        Connection a = alice.connect(bob.name());
        assertThatThrownBy(() -> carol.connect(bob.name())).isInstanceOf(ConnectionDeniedException.class);
        a.close();
        await().atMost(WAIT).until(() -> bob.connections().isEmpty());
        assertThat(carol.connect(bob.name()).isOpen()).isTrue();
    }

    @Test
    void bytesForReceiveDoNotWaitForABusyHandlerExecutor() throws Exception {
        ExecutorService handlers = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Peer bob = peer(PeerConfig.builder().pipe(PipeConfig.defaults().toBuilder()
                    .handlerExecutor(handlers).build())).start();
            Peer alice = peer().start();
            Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
            Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
            handlers.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 100; i++) {
                c.send(new byte[] {(byte) i});
            }
            for (int i = 0; i < 100; i++) {
                assertThat((byte[]) atBob.receive(WAIT).value()).as("message %d", i).containsExactly((byte) i);
            }
        } finally {
            release.countDown();
            stopAll(); // before their executor: a shut-down executor leaves the peers' handlers to a fallback
            handlers.shutdown();
        }
    }

    @Test
    void receiveAsyncCallbacksNeverRunOnAnIoThread() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Received>> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(atBob.receiveAsync(WAIT).whenComplete((r, e) -> callbackThreads.add(Thread.currentThread())));
        }
        for (int i = 0; i < 20; i++) {
            c.send(new byte[] {(byte) i});
        }
        for (int i = 0; i < 20; i++) {
            assertThat((byte[]) pending.get(i).get(5, TimeUnit.SECONDS).value()).containsExactly((byte) i);
        }
        assertThat(callbackThreads).hasSize(20).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void mixedTypesForReceiveKeepTheirOrder() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.JSON).withStrict(false));
        for (int i = 0; i < 200; i++) {
            if (i % 3 == 0) {
                c.send(i);
            } else {
                c.sendAs(DataType.BYTES, new byte[] {(byte) i});
            }
        }
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        for (int i = 0; i < 200; i++) {
            Received r = atBob.receive(WAIT);
            Object expected = i % 3 == 0 ? (Object) i : (Object) new byte[] {(byte) i};
            assertThat(r.value()).as("message %d", i).isEqualTo(expected);
        }
    }

    @Test
    void nonStrictConnectionsDecodeByTheSendersType() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.JSON).withStrict(false));
        c.sendAs(DataType.BYTES, "raw bytes".getBytes(StandardCharsets.UTF_8));
        c.send(List.of(1, 2));
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        Received first = atBob.receive(WAIT);
        assertThat(first.dataType()).isEqualTo(DataType.BYTES);
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).isEqualTo("raw bytes");
        assertThat(atBob.receive(WAIT).value()).isEqualTo(List.of(1, 2));
        Connection strict = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        assertThatThrownBy(() -> strict.sendAs(DataType.JSON, 1)).hasMessageContaining("strict");
    }

    @Test
    void streamingWithASizeFromHelloSendsHeaderlessPayloadsBothWays() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES).streaming(8));
        assertThat(c.stream()).isTrue();
        assertThat(c.dataSize()).isEqualTo(8);
        for (int i = 0; i < 100; i++) {
            c.send(new byte[] {(byte) i, 0, 0, 0, 0, 0, 0, 0});
        }
        assertThatThrownBy(() -> c.send(new byte[7])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixed size 8");
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        for (int i = 0; i < 100; i++) {
            assertThat(((byte[]) atBob.receive(WAIT).value())[0]).isEqualTo((byte) i);
        }
        atBob.send(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertThat((byte[]) c.receive(WAIT).value()).containsOnly(9);
    }

    @Test
    void streamingLearnsTheSizeFromTheFirstMessageWhoeverSendsFirst() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES).streaming(0));
        assertThat(c.dataSize()).isZero();
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        // Bob, the listener, sends first: that settles the size at 4 for both directions.
        atBob.send(new byte[] {1, 2, 3, 4});
        assertThat((byte[]) c.receive(WAIT).value()).containsExactly(1, 2, 3, 4);
        assertThat(c.dataSize()).isEqualTo(4);
        c.send(new byte[] {5, 6, 7, 8});
        c.send(new byte[] {9, 10, 11, 12});
        assertThat((byte[]) atBob.receive(WAIT).value()).containsExactly(5, 6, 7, 8);
        assertThat((byte[]) atBob.receive(WAIT).value()).containsExactly(9, 10, 11, 12);
        assertThatThrownBy(() -> c.send(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataHandlersRunInOrderOffTheIoThreads() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean onIoThread = new AtomicBoolean();
        Peer bob = peer().onData((c, d) -> {
            if (Thread.currentThread() instanceof FastThreadLocalThread) {
                onIoThread.set(true);
            }
            seen.add(d.as(Integer.class));
        }).start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name());
        for (int i = 0; i < 5000; i++) {
            c.send(i);
        }
        // generous: 5 000 json messages through a cold JIT on a loaded 2-core machine
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(onIoThread).isFalse();
    }

    @Test
    void messagesWaitingBeforeAHandlerIsAddedReachIt() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name());
        c.send("early");
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        await().atMost(WAIT).until(() -> atBob.pipe().isOpen());
        List<Object> got = new CopyOnWriteArrayList<>();
        atBob.onData((conn, d) -> got.add(d.value()));
        c.send("late");
        await().atMost(WAIT).until(() -> got.size() == 2);
        assertThat(got).containsExactly("early", "late");
    }

    @Test
    void stopFlushesPendingSendsThenFiresCloseThenStop() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        Peer bob = peer().onData((c, d) -> received.add(d.value())).start();
        Peer alice = peer().onClose((c, r) -> events.add("close " + r.kind()))
                .onStop(p -> events.add("stop")).start();
        Connection c = alice.connect(bob.name());
        int n = 2000;
        for (int i = 0; i < n; i++) {
            c.sendAsync("message " + i);
        }
        alice.stop();
        assertThat(events).containsExactly("close LOCAL", "stop");
        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == n);
        assertThat(received.get(n - 1)).isEqualTo("message " + (n - 1));
        assertThat(alice.isListening()).isFalse();
    }

    @Test
    void connectAndCloseFuturesNeverCompleteOnAnIoThread() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            Connection c = alice.connectAsync(bob.name(), ConnectOptions.of(DataType.BYTES))
                    .whenComplete((conn, e) -> callbackThreads.add(Thread.currentThread()))
                    .get(5, TimeUnit.SECONDS);
            // Nothing listens for the close: its end may run on the event loop, but not what is chained here.
            c.closeAsync().whenComplete((r, e) -> callbackThreads.add(Thread.currentThread())).get(5, TimeUnit.SECONDS);
        }
        assertThat(callbackThreads).hasSize(20).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void closeListenersAndPendingReceiveAsyncRunOffTheIoThreadsWhenTheOtherSideCloses() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<Received> waiting = atBob.receiveAsync(Duration.ofSeconds(30))
                .whenComplete((r, e) -> threads.add(Thread.currentThread()));
        atBob.onClose((conn, r) -> threads.add(Thread.currentThread()));
        c.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        await().atMost(WAIT).until(() -> threads.size() == 2);
        assertThat(threads).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aBlockingCloseReturnsOnceTheConnectionIsGoneFromThePeer() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        for (int i = 0; i < 20; i++) {
            Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
            c.close();
            assertThat(c.isOpen()).isFalse();
            assertThat(alice.connections()).doesNotContainKey(bob.name());
        }
        await().atMost(WAIT).until(() -> bob.connections().isEmpty());
    }

    @Test
    void closeFiresOnceOnEachSideWithWhoClosed() throws Exception {
        List<CloseReason> bobSide = new CopyOnWriteArrayList<>();
        List<CloseReason> aliceSide = new CopyOnWriteArrayList<>();
        Peer bob = peer().onClose((c, r) -> bobSide.add(r)).start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name());
        c.onClose((conn, r) -> aliceSide.add(r));
        bob.awaitConnectionTo(alice.name(), WAIT);
        c.close();
        c.close();
        await().atMost(WAIT).until(() -> bobSide.size() == 1);
        assertThat(bobSide.get(0).kind()).isEqualTo(CloseReason.Kind.REMOTE);
        assertThat(aliceSide).extracting(CloseReason::kind).containsExactly(CloseReason.Kind.LOCAL);
        assertThat(c.receive(Duration.ofSeconds(30))).isNull();
    }

    @Test
    void broadcastSkipsConnectionsThatCannotCarryTheValue() throws Exception {
        Peer hub = peer().start();
        Peer json = peer().start();
        Peer bytes = peer().start();
        hub.connect(json.name());
        hub.connect(bytes.name(), ConnectOptions.of(DataType.BYTES));
        assertThat(hub.broadcast(Map.of("to", "all"))).isEqualTo(1);
        assertThat(json.awaitConnectionTo(hub.name(), WAIT).receive(WAIT).value()).isEqualTo(Map.of("to", "all"));
    }

    @Test
    void statsCountMessagesBytesAndHandshakesOnBothSides() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer().start();
        Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
        c.send(new byte[10]);
        c.send(new byte[20]);
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        atBob.receive(WAIT);
        atBob.receive(WAIT);
        assertThat(alice.stats().messagesOut(DataType.BYTES)).isEqualTo(2);
        assertThat(alice.stats().bytesOut(DataType.BYTES)).isEqualTo(30);
        assertThat(bob.stats().messagesIn(DataType.BYTES)).isEqualTo(2);
        assertThat(bob.stats().bytesIn(DataType.BYTES)).isEqualTo(30);
        assertThat(bob.stats().messagesIn(DataType.JSON)).isZero();
        assertThat(alice.stats().handshakes()).isEqualTo(1);
        assertThat(bob.stats().handshakes()).isEqualTo(1);
        assertThat(alice.stats().handshakeTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void theInboundBufferBoundsWhatWaitsForHandlersBeforeReadingPauses() throws Exception {
        for (int buffer : new int[] {1024, 4 * 1024 * 1024}) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger handled = new AtomicInteger();
            Peer bob = peer(PeerConfig.builder().inboundBuffer(buffer)).onData((c, d) -> {
                release.await();
                handled.incrementAndGet();
            }).start();
            Peer alice = peer().start();
            Connection c = alice.connect(bob.name(), ConnectOptions.of(DataType.BYTES));
            for (int i = 0; i < 10; i++) {
                c.send(new byte[600]);
            }
            Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
            if (buffer == 1024) {
                await().atMost(WAIT).until(() -> !atBob.pipe().channel().config().isAutoRead());
                assertThat(atBob.pendingBytes()).isLessThan(6000);
            } else {
                await().atMost(WAIT).until(() -> atBob.pendingBytes() == 6000);
                assertThat(atBob.pipe().channel().config().isAutoRead()).isTrue();
            }
            release.countDown();
            await().atMost(WAIT).until(() -> handled.get() == 10);
        }
    }

    @Test
    void streamAndStreamSizeInTheConfigAreWhatConnectAsksForByDefault() throws Exception {
        Peer bob = peer().start();
        Peer alice = peer(PeerConfig.builder().dataType(DataType.BYTES).stream(true).streamSize(8)).start();
        Connection c = alice.connect(bob.name());
        assertThat(c.stream()).isTrue();
        assertThat(c.dataSize()).isEqualTo(8);
        Connection atBob = bob.awaitConnectionTo(alice.name(), WAIT);
        assertThat(atBob.stream()).isTrue();
        assertThat(atBob.dataSize()).isEqualTo(8);
        assertThat(alice.connect(peer().start().name(), ConnectOptions.of(DataType.BYTES).notStreaming()).stream()).isFalse();
    }
}
