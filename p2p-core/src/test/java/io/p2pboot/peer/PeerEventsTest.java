package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.peer.PeerHandlers.OfferHandler;
import io.p2pboot.peer.PeerHandlers.PeerListener;
import io.p2pboot.pipe.SerialDispatcher;
import io.p2pboot.protocol.DataType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peer's handler lists on their own: where each event fires, in what order, and what a failing handler does. */
class PeerEventsTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final ExecutorService handlers = Executors.newSingleThreadExecutor(r -> new Thread(r, "handlers"));
    /** A peer that never starts: the emitter handlers are given. */
    private final Peer peer = Peer.create(PeerConfig.builder().build());
    private final PeerEvents events = new PeerEvents(peer, handlers);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() {
        handlers.shutdownNow();
    }

    private static Offer offer(String name) {
        return new Offer(name, new InetSocketAddress("127.0.0.1", 50000), DataType.JSON, true, false, OptionalInt.empty());
    }

    @Test
    void withoutOfferHandlersAnOfferIsDecidedOnTheCallersThreadWithoutAHandOff() {
        SerialDispatcher unused = new SerialDispatcher(task -> calls.add("handed off"));
        Thread caller = Thread.currentThread();

        CompletableFuture<Boolean> decision = events.decide(unused, () -> Thread.currentThread() == caller);

        assertThat(decision).isCompletedWithValue(true);
        assertThat(calls).isEmpty();
    }

    @Test
    void withOfferHandlersAnOfferIsDecidedOnTheGivenDispatcher() {
        events.onOffer((p, o) -> true);

        CompletableFuture<Boolean> decision = events.decide(new SerialDispatcher(handlers),
                () -> Thread.currentThread().getName().equals("handlers"));

        assertThat(decision).succeedsWithin(WAIT).isEqualTo(true);
    }

    @Test
    void everyOfferHandlerMustAcceptAndOneThatThrowsDenies() {
        events.onOffer((p, o) -> calls.add("first " + o.peerName()));
        assertThat(events.offerAccepted(offer("127.0.0.1:41000"))).isTrue();

        events.onOffer((p, o) -> {
            throw new IllegalStateException("handler bug");
        });
        events.onOffer((p, o) -> calls.add("never asked"));
        assertThat(events.offerAccepted(offer("127.0.0.1:41001"))).isFalse();
        assertThat(calls).containsExactly("first 127.0.0.1:41000", "first 127.0.0.1:41001");
    }

    @Test
    void theFirstOfferHandlerThatDeniesEndsTheDecision() {
        events.onOffer((p, o) -> false);
        events.onOffer((p, o) -> calls.add("never asked"));
        assertThat(events.offerAccepted(offer("127.0.0.1:41000"))).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void listenAndStopRunInOrderOffTheCallersThreadAndWhatFollowsStopRunsLast() {
        events.onListen(p -> calls.add("listen 1 on " + Thread.currentThread().getName()));
        events.onListen(p -> {
            throw new IllegalStateException("handler bug");
        });
        events.onListen(p -> calls.add("listen 3 " + (p == peer)));
        events.onStop(p -> calls.add("stop"));

        events.fireListen();
        events.fireStop(() -> calls.add("stopped on " + Thread.currentThread().getName()));

        await().atMost(WAIT).until(() -> calls.size() == 4);
        assertThat(calls).containsExactly("listen 1 on handlers", "listen 3 true", "stop", "stopped on handlers");
    }

    /** A handler of two kinds at once. */
    private final class Both implements PeerListener, OfferHandler {
        @Override
        public void on(Peer p) {
            calls.add("listen");
        }

        @Override
        public boolean onOffer(Peer p, Offer offer) {
            calls.add("offer");
            return false;
        }
    }

    @Test
    void removeTakesAHandlerOutOfEveryListItIsIn() {
        Both both = new Both();
        events.onListen(both);
        events.onOffer(both);
        events.onStop(p -> calls.add("stop"));

        assertThat(events.remove(both)).isTrue();
        assertThat(events.remove(both)).isFalse();

        assertThat(events.offerAccepted(offer("127.0.0.1:41000"))).isTrue();
        events.fireListen();
        events.fireStop(() -> { });
        await().atMost(WAIT).until(() -> calls.contains("stop"));
        assertThat(calls).containsExactly("stop");
    }

    @Test
    void discoveredAndLostGoToTheirOwnHandlersAndAFailingOneDoesNotStopTheNext() {
        DiscoveredPeer found = new DiscoveredPeer("127.0.0.1:41000", new InetSocketAddress("127.0.0.1", 41000),
                Instant.now(), Instant.now());
        events.onPeerDiscovered((p, d) -> {
            throw new IllegalStateException("handler bug");
        });
        events.onPeerDiscovered((p, d) -> calls.add("discovered " + d.name()));
        events.onPeerLost((p, d) -> calls.add("lost " + d.name()));

        events.peerDiscovered(null, found);
        events.peerLost(null, found);

        assertThat(calls).containsExactly("discovered 127.0.0.1:41000", "lost 127.0.0.1:41000");
    }

    @Test
    void awaitingAConnectionThatDoesNotComeAnswersNullAfterTheTimeout() throws Exception {
        assertThat(events.awaitConnection(c -> true, () -> null, Duration.ofMillis(20))).isNull();
    }
}
