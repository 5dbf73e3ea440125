package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.SeedSource;
import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshConfig;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session across broken connections on loopback: 2,000 numbered messages each way while the
 * TCP connection is reset under both peers several times and dialled again, by either side's
 * {@code connect} or by a mesh; every message is handled exactly once and in order on both sides,
 * and every send's future completes. Odd numbers go as json, even ones as {@code bytes} of their
 * digits: a session keeps the one as an encoded frame and the other as an array.
 */
class SessionResumeTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final int MESSAGES = 2000;
    static final int CUTS = 4;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    Peer peer(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.strict(false).sessions(new SessionConfig(1 << 20, WAIT)).build());
        open.add(p);
        return p;
    }

    /** Sends 1..{@link #MESSAGES} on whatever connection to {@code to} is open; a send refused for a closed connection is made again on the next. */
    static CompletableFuture<List<CompletableFuture<Void>>> sending(Peer from, Peer to) {
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            int i = 1;
            while (i <= MESSAGES) {
                try {
                    Connection c = from.awaitConnectionTo(to.name(), WAIT);
                    if (c == null) {
                        throw new AssertionError("no connection to " + to.name());
                    }
                    CompletableFuture<Void> f = i % 2 == 0 ? c.sendAs(DataType.BYTES, Integer.toString(i).getBytes(US_ASCII))
                            : c.send(i);
                    if (f.isCompletedExceptionally() && !c.isOpen()) {
                        continue; // refused: the connection was closed; not in the session
                    }
                    sent.add(f);
                    if (i++ % 10 == 0) {
                        Thread.sleep(2); // spread over the cuts
                    }
                } catch (SendTimeoutException e) {
                    // not accepted: again
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return sent;
        });
    }

    static List<Integer> numbers() {
        return IntStream.rangeClosed(1, MESSAGES).boxed().toList();
    }

    static List<Integer> collecting(Peer p) {
        List<Integer> got = new CopyOnWriteArrayList<>();
        p.onData((c, r) -> got.add(r.value() instanceof byte[] digits ? Integer.parseInt(new String(digits, US_ASCII))
                : (Integer) r.value()));
        return got;
    }

    void exchangeWhileCut(Peer alice, Peer bob, List<Integer> aliceGot, List<Integer> bobGot, boolean redialByTest)
            throws Exception {
        CompletableFuture<List<CompletableFuture<Void>>> fromAlice = sending(alice, bob);
        CompletableFuture<List<CompletableFuture<Void>>> fromBob = sending(bob, alice);
        for (int cut = 1; cut <= CUTS; cut++) {
            int progress = cut * MESSAGES / (CUTS + 1);
            await().atMost(WAIT).until(() -> bobGot.size() >= progress || fromAlice.isDone());
            // after the last cut's re-dial, each side lists the new connection when its handshake ends
            await().atMost(WAIT).until(() -> alice.connection(bob.name()).map(Connection::isOpen).orElse(false)
                    && bob.connection(alice.name()).map(Connection::isOpen).orElse(false));
            Connection c = alice.connection(bob.name()).orElseThrow();
            Connection atBob = bob.connection(alice.name()).orElseThrow();
            SessionTest.cut(c);
            await().atMost(WAIT).until(() -> !c.isOpen() && !atBob.isOpen());
            if (redialByTest) {
                Peer dialler = cut % 2 == 0 ? alice : bob;
                Peer other = dialler == alice ? bob : alice;
                await().atMost(WAIT).ignoreExceptions().until(() -> dialler.connect(other.name()).isOpen());
            }
        }
        List<CompletableFuture<Void>> sentByAlice = fromAlice.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<CompletableFuture<Void>> sentByBob = fromBob.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(WAIT).until(() -> bobGot.size() >= MESSAGES && aliceGot.size() >= MESSAGES);
        assertThat(bobGot).containsExactlyElementsOf(numbers());
        assertThat(aliceGot).containsExactlyElementsOf(numbers());
        CompletableFuture.allOf(sentByAlice.toArray(new CompletableFuture<?>[0])).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(sentByBob.toArray(new CompletableFuture<?>[0])).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(200); // nothing more comes
        assertThat(bobGot).hasSize(MESSAGES);
        assertThat(aliceGot).hasSize(MESSAGES);
    }

    @Test
    void exactlyOnceInOrderBothWaysAcrossResetsRedialledByEitherSide() throws Exception {
        Peer bob = peer(PeerConfig.builder());
        List<Integer> bobGot = collecting(bob);
        bob.start();
        Peer alice = peer(PeerConfig.builder());
        List<Integer> aliceGot = collecting(alice);
        alice.start();
        alice.connect(bob.name());
        exchangeWhileCut(alice, bob, aliceGot, bobGot, true);
    }

    @Test
    void exactlyOnceInOrderBothWaysAcrossResetsRedialledByTheMesh() throws Exception {
        Peer bob = peer(PeerConfig.builder());
        List<Integer> bobGot = collecting(bob);
        bob.start();
        Peer alice = peer(PeerConfig.builder()
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(100)).build())
                .sources(List.of(new SeedSource(List.of(bob.name()), PipeConfig.defaults()))));
        List<Integer> aliceGot = collecting(alice);
        Mesh mesh = Mesh.attach(alice, MeshConfig.defaults().withBackoff(
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0)));
        open.add(mesh);
        alice.start();
        await().atMost(WAIT).until(() -> alice.connection(bob.name()).isPresent());
        exchangeWhileCut(alice, bob, aliceGot, bobGot, false);
    }

    @Test
    void exactlyOnceInOrderWhenBothMeshesDialAtOnce() throws Exception {
        int bobPort = SessionReceiverRestartTest.freePort();
        String bobName = "127.0.0.1:" + bobPort;
        Peer alice = peer(PeerConfig.builder()
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(100)).build())
                .sources(List.of(new SeedSource(List.of(bobName), PipeConfig.defaults()))));
        List<Integer> aliceGot = collecting(alice);
        alice.start();
        Peer bob = peer(PeerConfig.builder().port(bobPort)
                .discovery(DiscoveryConfig.builder().enabled(false).interval(Duration.ofMillis(100)).build())
                .sources(List.of(new SeedSource(List.of(alice.name()), PipeConfig.defaults()))));
        List<Integer> bobGot = collecting(bob);
        Backoff quick = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0);
        open.add(Mesh.attach(alice, MeshConfig.defaults().withBackoff(quick)));
        open.add(Mesh.attach(bob, MeshConfig.defaults().withBackoff(quick)));
        bob.start();
        await().atMost(WAIT).until(() -> alice.connection(bob.name()).map(Connection::isOpen).orElse(false)
                && bob.connection(alice.name()).map(Connection::isOpen).orElse(false));
        exchangeWhileCut(alice, bob, aliceGot, bobGot, false);
    }
}
