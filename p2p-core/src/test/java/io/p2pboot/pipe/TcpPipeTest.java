package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TcpPipeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void echoWorksOnIpv4AndIpv6Loopback(String ip) throws Exception {
        try (Pipe server = Pipe.tcp().bind(ip, 0).onMessage((m, from, p) -> p.send(m, from)).open();
             Pipe client = Pipe.tcp().to(ip, server.localAddress().getPort()).open()) {
            client.send("hello".getBytes(UTF_8));
            Message echo = client.recv(WAIT);
            assertThat(echo.data()).asString(UTF_8).isEqualTo("hello");
            assertThat(echo.sender().getAddress()).isEqualTo(server.localAddress().getAddress());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, WriteBatcher.MERGE_LIMIT + 1, 100_000})
    void anArraySentMayBeReusedAsSoonAsSendReturns(int size) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, from, p) -> {
                 synchronized (got) {
                     got.writeBytes(m);
                 }
             }).open();
             Pipe client = Pipe.tcp().to("127.0.0.1", server.localAddress().getPort()).open()) {
            HeldEventLoop held = new HeldEventLoop(client); // nothing is written until the caller has reused its array
            byte[] message = new byte[size];
            java.util.Arrays.fill(message, (byte) 'a');
            CompletableFuture<Void> sent = client.send(message);
            java.util.Arrays.fill(message, (byte) 'b');
            held.close();
            sent.get(5, java.util.concurrent.TimeUnit.SECONDS);

            await().atMost(WAIT).until(() -> {
                synchronized (got) {
                    return got.size() == size;
                }
            });
            synchronized (got) {
                assertThat(got.toByteArray()).as("what the array held when send was called").containsOnly((byte) 'a');
            }
        }
    }

    @Test
    void aServerCarryingAProtocolQueuesClientsForAcceptOnlyOnceAcceptIsCalled() throws Exception {
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).protocol(channel -> { }).listen();
             Pipe early = Pipe.tcp().to(server.localAddress()).open()) {
            await().atMost(WAIT).until(() -> server.clients().size() == 1);

            assertThat(server.accept(Duration.ofMillis(50))).as("accepted before anyone asked: not queued").isNull();

            try (Pipe late = Pipe.tcp().to(server.localAddress()).open()) {
                assertThat(server.accept(WAIT).remoteAddress()).isEqualTo(late.localAddress());
                assertThat(server.clients()).extracting(Pipe::remoteAddress)
                        .containsExactlyInAnyOrder(early.localAddress(), late.localAddress());
            }
            early.close();
            await().atMost(WAIT).until(() -> server.clients().size() == 0);
        }
    }

    @Test
    void serverHandsOutOnePipePerClientAndRunsUpHandlersForEach() throws Exception {
        List<Pipe> upped = new CopyOnWriteArrayList<>();
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).onUp(upped::add).listen();
             Pipe a = Pipe.tcp().to(server.localAddress()).open();
             Pipe b = Pipe.tcp().to(server.localAddress()).open()) {
            Pipe first = server.accept(WAIT);
            Pipe second = server.accept(WAIT);
            assertThat(List.of(first.remoteAddress(), second.remoteAddress()))
                    .containsExactlyInAnyOrder(a.localAddress(), b.localAddress());
            await().atMost(WAIT).until(() -> upped.size() == 2);
            assertThat(upped).containsExactlyInAnyOrder(first, second);
            assertThat(server.clients()).hasSize(2);
        }
    }

    @Test
    void endHandlersAndTheEndFutureRunOffTheEventLoop() throws Exception {
        CompletableFuture<Thread> plain = new CompletableFuture<>();
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen()) {
            Pipe client = Pipe.tcp().to(server.localAddress()).open();
            client.addEndHandler((p, r) -> plain.complete(Thread.currentThread()));
            List<Thread> chained = new CopyOnWriteArrayList<>();
            client.closeAsync().whenComplete((r, e) -> chained.add(Thread.currentThread())).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(plain.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotInstanceOf(FastThreadLocalThread.class);
            assertThat(chained).singleElement().isNotInstanceOf(FastThreadLocalThread.class);
        }
    }

    @Test
    void withoutHandlerOrSubscriptionUnclaimedMessagesAreCountedUntilRecvAsksForThem() throws Exception {
        MessageHandler removed = (data, from, pipe) -> { };
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).onMessage(removed).open()) {
            client.removeMessageHandler(removed); // opened with a handler: no queue for recv from the start
            Pipe accepted = server.accept(WAIT);
            accepted.send("early".getBytes(UTF_8));
            await().atMost(WAIT).until(() -> client.unhandledMessages() == 1);
            CompletableFuture<Message> next = client.recvAsync(WAIT);
            accepted.send("late".getBytes(UTF_8));
            assertThat(next.get(5, java.util.concurrent.TimeUnit.SECONDS).data()).asString(UTF_8).isEqualTo("late");
        }
    }

    @Test
    void closingTheServerClosesItsClients() throws Exception {
        CompletableFuture<CloseReason> clientEnd = new CompletableFuture<>();
        ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen();
        try (Pipe client = Pipe.tcp().to(server.localAddress()).onEnd((p, r) -> clientEnd.complete(r)).open()) {
            Pipe accepted = server.accept(WAIT);
            server.close();
            assertThat(accepted.endFuture().get(5, java.util.concurrent.TimeUnit.SECONDS).kind())
                    .isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(clientEnd.get(5, java.util.concurrent.TimeUnit.SECONDS).kind())
                    .isEqualTo(CloseReason.Kind.REMOTE);
            assertThat(server.isOpen()).isFalse();
        }
    }

    @Test
    void closeWritesEverythingQueuedEvenWhenTheReceiverIsSlowToTakeIt() throws Exception {
        // Far more than socket buffers hold: the close must wait for the receiver to read it all.
        byte[] chunk = new byte[64 * 1024];
        int chunks = 128;
        try (ServerSocket receiver = new ServerSocket()) {
            receiver.setReceiveBufferSize(4096);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            // A drain limit no loaded test machine reaches.
            Pipe client = Pipe.tcp().to("127.0.0.1", receiver.getLocalPort())
                    .config(PipeConfig.defaults().toBuilder().conTimeout(Duration.ofSeconds(30)).build()).open();
            try (java.net.Socket accepted = receiver.accept()) {
                for (int i = 0; i < chunks; i++) {
                    client.send(chunk);
                }
                CompletableFuture<CloseReason> closed = client.closeAsync();
                Thread.sleep(300); // the receiver reads nothing yet: the queued bytes are still on their way
                assertThat(client.isOpen()).isTrue();
                long read = accepted.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                assertThat(read).isEqualTo((long) chunk.length * chunks);
                assertThat(closed.get(5, java.util.concurrent.TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.LOCAL);
            }
        }
    }

    @Test
    void closeWritesAFewQueuedMessagesAndEndsThePipeAtOnce() throws Exception {
        try (ServerSocket receiver = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            Pipe client = Pipe.tcp().to("127.0.0.1", receiver.getLocalPort()).open();
            try (java.net.Socket accepted = receiver.accept()) {
                client.send("one".getBytes(UTF_8));
                client.send("two".getBytes(UTF_8));
                long begun = System.nanoTime();
                client.close();
                assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(1));
                assertThat(client.closeReason().kind()).isEqualTo(CloseReason.Kind.LOCAL);
                assertThat(new String(accepted.getInputStream().readAllBytes(), UTF_8)).isEqualTo("onetwo");
            }
        }
    }

    @Test
    void endHandlersRunOnceOnEachSideWithWhoClosed() throws Exception {
        AtomicInteger clientEnds = new AtomicInteger();
        List<CloseReason> serverSide = new CopyOnWriteArrayList<>();
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen()) {
            Pipe client = Pipe.tcp().to(server.localAddress()).onEnd((p, r) -> clientEnds.incrementAndGet()).open();
            Pipe accepted = server.accept(WAIT);
            accepted.addEndHandler((p, r) -> serverSide.add(r));
            client.close();
            client.close();
            await().atMost(WAIT).until(() -> serverSide.size() == 1);
            assertThat(serverSide.get(0).kind()).isEqualTo(CloseReason.Kind.REMOTE);
            assertThat(client.closeReason().kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(clientEnds).hasValue(1);
            // An end handler added after the close runs at once.
            CompletableFuture<CloseReason> late = new CompletableFuture<>();
            client.addEndHandler((p, r) -> late.complete(r));
            assertThat(late.get(5, java.util.concurrent.TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(clientEnds).hasValue(1);
        }
    }

    @Test
    void handlersSeeBytesInOrderOffTheIoThreads() throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        AtomicBoolean onIoThread = new AtomicBoolean();
        int count = 20_000;
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, from, p) -> {
                if (Thread.currentThread() instanceof FastThreadLocalThread) {
                    onIoThread.set(true);
                }
                synchronized (got) {
                    got.write(m);
                }
            }).open();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < count; i++) {
                last = client.send(java.nio.ByteBuffer.allocate(4).putInt(i).array());
            }
            last.get(5, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> {
                synchronized (got) {
                    return got.size() == count * 4;
                }
            });
            java.nio.ByteBuffer all = java.nio.ByteBuffer.wrap(got.toByteArray());
            for (int i = 0; i < count; i++) {
                assertThat(all.getInt()).isEqualTo(i);
            }
            assertThat(onIoThread).isFalse();
        }
    }

    @Test
    void aHandlerGivenAtOpenSeesAGreetingSentOnAccept() throws Exception {
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onUp(p -> p.send("hi".getBytes(UTF_8))).open()) {
            CompletableFuture<String> greeting = new CompletableFuture<>();
            try (Pipe client = Pipe.tcp().to(server.localAddress())
                    .onMessage((m, from, p) -> greeting.complete(new String(m, UTF_8))).open()) {
                assertThat(greeting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hi");
            }
        }
    }

    @Test
    void asyncHandlersKeepOrderWithoutBlocking() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).onAsyncMessage((m, from, p) ->
                CompletableFuture.runAsync(() -> seen.add((int) m[0]),
                        CompletableFuture.delayedExecutor(m[0] % 2 == 0 ? 20 : 0, java.util.concurrent.TimeUnit.MILLISECONDS)))
                .open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            for (int i = 0; i < 10; i++) {
                client.send(new byte[] {(byte) i}).join();
            }
            await().atMost(WAIT).until(() -> seen.size() == 10);
            assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aRemovedHandlerNoLongerSeesMessagesAndUnhandledOnesAreCounted() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MessageHandler h = (m, from, p) -> seen.add(new String(m, UTF_8));
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).onMessage(h).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            client.send("one".getBytes(UTF_8)).join();
            await().atMost(WAIT).until(() -> seen.size() == 1);
            assertThat(server.removeMessageHandler(h)).isTrue();
            client.send("two".getBytes(UTF_8)).join();
            await().atMost(WAIT).until(() -> server.unhandledMessages() == 1);
            assertThat(seen).containsExactly("one");
        }
    }

    @Test
    void aRefusedDestinationFailsWithConnectExceptionAndEndsThePipeOnce() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        AtomicInteger ends = new AtomicInteger();
        assertThatThrownBy(() -> Pipe.tcp().to("127.0.0.1", freePort)
                .onEnd((p, r) -> ends.incrementAndGet()).open())
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connection refused");
        await().atMost(WAIT).untilAtomic(ends, org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aClientSendsOnlyToItsPeer() throws Exception {
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).open();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            assertThat(client.send(new byte[1], new InetSocketAddress("127.0.0.1", 9)))
                    .failsWithin(WAIT).withThrowableThat().withMessageContaining("sends only to its peer");
        }
    }

    @Test
    void aServerSendsToANamedClientAndAcceptedMessagesReachItsRecv() throws Exception {
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            client.send("up".getBytes(UTF_8));
            Message m = server.recv(WAIT);
            assertThat(m.data()).asString(UTF_8).isEqualTo("up");
            server.send("down".getBytes(UTF_8), m.sender()).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(client.recv(WAIT).data()).asString(UTF_8).isEqualTo("down");
            assertThat(server.send(new byte[1])).failsWithin(WAIT);
        }
    }
}
