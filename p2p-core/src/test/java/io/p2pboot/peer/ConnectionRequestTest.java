package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#request}: the next message that arrives is the reply, bound to the type asked
 * for and kept from the data handlers; concurrent requests are paired in the order they were sent.
 */
class ConnectionRequestTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();

    record Question(int n) {
    }

    record Answer(int doubled) {
    }

    private Peer peer() throws Exception {
        Peer p = Peer.create(PeerConfig.builder().address("127.0.0.1").build());
        peers.add(p);
        return p;
    }

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    /** A peer that answers every {@link Question} with its {@link Answer}, and {@code "later"} with {@code "late"} once released. */
    private Peer answering(CountDownLatch release) throws Exception {
        return peer().onData((c, d) -> {
            Object value = d.value();
            if ("later".equals(value)) {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                c.send("late");
            } else if ("close me".equals(value)) {
                c.closeAsync();
            } else if ("ask back".equals(value)) {
                c.send("question from bob");
            } else if ("question from bob".equals(value)) {
                c.send("answer from alice");
            } else if (!"no answer".equals(value)) {
                c.send(new Answer(d.as(Question.class).n() * 2));
            }
        }).start();
    }

    @Test
    void theNextMessageIsTheReplyAndNoDataHandlerSeesIt() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        List<Object> handled = new CopyOnWriteArrayList<>();
        Peer alice = peer().onData((c, d) -> handled.add(d.value())).start();
        Connection toBob = alice.connect(bob.name());

        assertThat(toBob.request(new Question(21), Answer.class, WAIT)).isEqualTo(new Answer(42));

        Connection toAlice = bob.awaitConnectionTo(alice.name(), WAIT);
        toAlice.send("unasked");
        await().atMost(WAIT).until(() -> handled.contains("unasked"));
        assertThat(handled).containsExactly("unasked");
    }

    @Test
    void withoutDataHandlersTheReplyIsNotLeftForReceive() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());

        assertThat(toBob.request(new Question(1), Answer.class, WAIT)).isEqualTo(new Answer(2));
        assertThat(toBob.receive(Duration.ofMillis(50))).isNull();
    }

    @Test
    void concurrentRequestsOnOneConnectionEachGetTheirOwnReply() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        Answer answer;
                        try {
                            answer = toBob.request(new Question(base + i), Answer.class, WAIT);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        assertThat(answer).isEqualTo(new Answer((base + i) * 2));
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(WAIT.toMillis() * 4, TimeUnit.MILLISECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void asynchronousRequestsOverlapAndCompleteOffTheEventLoop() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());
        List<Thread> completedOn = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Answer>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(toBob.requestAsync(new Question(i), Answer.class, WAIT).whenComplete((a, e) ->
                    completedOn.add(Thread.currentThread())));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(new Answer(i * 2));
        }
        assertThat(completedOn).hasSize(20).noneMatch(t -> t instanceof FastThreadLocalThread);
    }

    @Test
    void aRequestThatTimedOutGivesUpItsPlaceAndTheLateReplyGoesToTheDataHandlers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Peer bob = answering(release);
        List<Object> handled = new CopyOnWriteArrayList<>();
        Connection toBob = peer().onData((c, d) -> handled.add(d.value())).start().connect(bob.name());

        assertThatThrownBy(() -> toBob.request("later", String.class, Duration.ofMillis(200)))
                .isInstanceOf(ReplyTimeoutException.class).hasMessageContaining(bob.name());
        release.countDown();
        await().atMost(WAIT).until(() -> handled.contains("late"));

        assertThat(toBob.request(new Question(5), Answer.class, WAIT)).isEqualTo(new Answer(10));
    }

    @Test
    void anAsynchronousRequestTimesOut() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());

        CompletableFuture<String> reply = toBob.requestAsync("no answer", String.class, Duration.ofMillis(100));

        assertThatThrownBy(() -> reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ReplyTimeoutException.class);
        assertThat(toBob.request(new Question(3), Answer.class, WAIT)).isEqualTo(new Answer(6));
    }

    @Test
    void aDataHandlerOfTheSameConnectionCanMakeARequest() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        AtomicReference<Object> reply = new AtomicReference<>();
        Peer alice = peer().onData((c, d) -> {
            if ("question from bob".equals(d.value())) {
                // blocks this connection's handler queue: the reply must not need it
                reply.set(c.request(new Question(4), Answer.class, WAIT));
            }
        }).start();
        Connection toBob = alice.connect(bob.name());

        toBob.send("ask back");

        await().atMost(WAIT).untilAtomic(reply, equalTo(new Answer(8)));
    }

    @Test
    void closingTheConnectionFailsAWaitingRequestAtOnce() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());
        long started = System.nanoTime();

        assertThatThrownBy(() -> toBob.request("close me", String.class, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed before the reply");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThatThrownBy(() -> toBob.request(new Question(1), Answer.class, WAIT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReplyThatDoesNotFitTheTypeFailsTheRequest() throws Exception {
        Peer bob = answering(new CountDownLatch(0));
        Connection toBob = peer().start().connect(bob.name());

        assertThatThrownBy(() -> toBob.request(new Question(1), List.class, WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(toBob.isOpen()).isTrue();
    }

    @Test
    void bytesRequestsGetBytesReplies() throws Exception {
        Peer bob = peer().onData((c, d) -> {
            byte[] in = d.as(byte[].class);
            c.send(new byte[] {in[0], in[0]});
        }).start();
        Connection toBob = peer().start().connect(bob.name(), ConnectOptions.of(DataType.BYTES));

        assertThat(toBob.request(new byte[] {7}, byte[].class, WAIT)).containsExactly(7, 7);
    }
}
