package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.pipe.SerialDispatcher;
import io.p2pboot.protocol.DataType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The answer to an offer on its own: what denies it, which slot it holds, what is counted, where it is decided. */
class OfferGateTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final ExecutorService handlers = Executors.newSingleThreadExecutor(r -> new Thread(r, "handlers"));
    private final List<String> handOffs = new CopyOnWriteArrayList<>();
    /** Counts what is handed to it, then runs it on the handler thread. */
    private final SerialDispatcher dispatcher = new SerialDispatcher(task -> {
        handOffs.add("hand-off");
        handlers.execute(task);
    });
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final ConnectionRegistry connections = new ConnectionRegistry(1, () -> "127.0.0.1:1");
    private final PeerEvents events = new PeerEvents(Peer.create(PeerConfig.builder().build()), handlers);
    private final OfferGate gate = new OfferGate(listening::get, connections, events, 1, () -> "127.0.0.1:1",
            PeerObserver.NONE);

    @AfterEach
    void shutDown() {
        handlers.shutdownNow();
    }

    private static Offer offer(int port) {
        return new Offer("127.0.0.1:" + port, new InetSocketAddress("127.0.0.1", port), DataType.JSON, true, false,
                OptionalInt.empty());
    }

    @Test
    void withoutOfferHandlersAnOfferIsAnsweredAtOnceAndHoldsASlotUntilMaxConnectionsDenies() {
        assertThat(gate.decide(offer(41000), dispatcher)).isCompletedWithValue(true);
        assertThat(connections.slotsUsed()).isEqualTo(1);

        assertThat(gate.decide(offer(41001), dispatcher)).isCompletedWithValue(false);
        assertThat(connections.slotsUsed()).isEqualTo(1);
        assertThat(gate.denied()).isEqualTo(1);
        assertThat(handOffs).isEmpty();
    }

    @Test
    void aPeerThatIsNotListeningDeniesWithoutTakingASlot() {
        listening.set(false);
        assertThat(gate.decide(offer(41000), dispatcher)).isCompletedWithValue(false);
        assertThat(connections.slotsUsed()).isZero();
        assertThat(gate.denied()).isEqualTo(1);
    }

    @Test
    void offerHandlersAreAskedOnTheDispatcherAndADenialGivesTheSlotBack() {
        List<String> askedOn = new CopyOnWriteArrayList<>();
        events.onOffer((p, o) -> askedOn.add(Thread.currentThread().getName()) && o.peerName().endsWith(":41000"));

        assertThat(gate.decide(offer(41001), dispatcher)).succeedsWithin(WAIT).isEqualTo(false);
        assertThat(connections.slotsUsed()).isZero();
        assertThat(gate.denied()).isEqualTo(1);

        assertThat(gate.decide(offer(41000), dispatcher)).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(connections.slotsUsed()).isEqualTo(1);
        assertThat(askedOn).containsExactly("handlers", "handlers");
        assertThat(handOffs).isNotEmpty();
    }

    @Test
    void aRefusedIdentityCountsAsADeniedOffer() {
        gate.identityRefused("peer_name '127.0.0.2:41000' does not match the connection's source IP 127.0.0.1");
        assertThat(gate.denied()).isEqualTo(1);
        assertThat(connections.slotsUsed()).isZero();
    }
}
