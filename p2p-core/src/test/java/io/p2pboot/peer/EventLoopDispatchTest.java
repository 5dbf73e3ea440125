package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Data handlers that never block may run on the connection's event loop: per handler, or for the whole peer. */
class EventLoopDispatchTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Object> values = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    private Peer started(PeerConfig.Builder config) throws Exception {
        Peer p = Peer.create(config.build()).start();
        peers.add(p);
        return p;
    }

    /** Records where it ran; says it may run on the event loop when told. */
    private record Recording(List<Thread> threads, List<Object> values, boolean onLoop) implements PeerHandlers.DataHandler {
        @Override
        public void onData(Connection connection, Received data) {
            threads.add(Thread.currentThread());
            values.add(data.value());
        }

        @Override
        public boolean runsOnEventLoop() {
            return onLoop;
        }
    }

    private void sendInts(Peer to, int count) throws Exception {
        Connection c = started(PeerConfig.builder()).connect(to.name());
        for (int i = 0; i < count; i++) {
            c.send(i);
        }
        await().atMost(WAIT).until(() -> values.size() == count);
    }

    @Test
    void aHandlerThatMayRunOnTheEventLoopGetsItsMessagesThereInOrder() throws Exception {
        Peer bob = started(PeerConfig.builder()).onData(new Recording(threads, values, true));
        sendInts(bob, 500);
        assertThat(threads).allMatch(t -> t instanceof FastThreadLocalThread);
        assertThat(values).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).boxed().toList());
    }

    @Test
    void withThePeersEventLoopDispatchEveryHandlerRunsThere() throws Exception {
        Peer bob = started(PeerConfig.builder().handlerDispatch(HandlerDispatch.EVENT_LOOP))
                .onData((c, d) -> {
                    threads.add(Thread.currentThread());
                    values.add(d.value());
                });
        sendInts(bob, 10);
        assertThat(threads).allMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aHandlerThatAsksForTheExecutorStaysThereUnderThePeersEventLoopDispatch() throws Exception {
        Peer bob = started(PeerConfig.builder().handlerDispatch(HandlerDispatch.EVENT_LOOP))
                .onData(new PeerHandlers.DataHandler() {
                    @Override
                    public void onData(Connection connection, Received data) {
                        threads.add(Thread.currentThread());
                        values.add(data.value());
                    }

                    @Override
                    public HandlerDispatch dispatch() {
                        return HandlerDispatch.EXECUTOR;
                    }
                });
        sendInts(bob, 10);
        assertThat(threads).hasSize(10).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void oneHandlerThatMayNotKeepsTheMessageOnTheExecutorForAll() throws Exception {
        Peer bob = started(PeerConfig.builder()).onData(new Recording(threads, values, true))
                .onData(new Recording(threads, new CopyOnWriteArrayList<>(), false));
        sendInts(bob, 10);
        assertThat(threads).hasSize(20).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void byDefaultHandlersStayOffTheEventLoop() throws Exception {
        Peer bob = started(PeerConfig.builder()).onData(new Recording(threads, values, false));
        sendInts(bob, 10);
        assertThat(threads).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aHandlerThatTakesTooLongOnTheEventLoopIsReportedOnce() throws Exception {
        long tooLong = SlowHandlerWatch.BOUND.toNanos() * 2;
        Peer bob = started(PeerConfig.builder().dataType(DataType.BYTES).handlerDispatch(HandlerDispatch.EVENT_LOOP))
                .onData((c, d) -> {
                    long end = System.nanoTime() + tooLong; // stands for a handler that blocks
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    values.add(d.value());
                });
        sendInts(bob, 3);
        assertThat(bob.stats().slowEventLoopHandlers()).isEqualTo(1);
    }
}
