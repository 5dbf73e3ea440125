package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpPipeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void datagramsCarryTheirSenderOnIpv4AndIpv6(String ip) throws Exception {
        try (Pipe server = Pipe.udp().bind(ip, 0).open();
             Pipe client = Pipe.udp().to(ip, server.localAddress().getPort()).open()) {
            client.send("hi".getBytes(UTF_8)).join();
            Message m = server.recv(WAIT);
            assertThat(m.data()).asString(UTF_8).isEqualTo("hi");
            assertThat(m.sender().getPort()).isEqualTo(client.localAddress().getPort());
            server.send("back".getBytes(UTF_8), m.sender()).join();
            assertThat(client.recv(WAIT).data()).asString(UTF_8).isEqualTo("back");
        }
    }

    @Test
    void twoArraysSentAsCopiesMakeOneDatagram() throws Exception {
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            byte[] head = "head|".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] body = "body".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.writeCopies(head, body).get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(server.recv(java.time.Duration.ofSeconds(5)).data()).asString(java.nio.charset.StandardCharsets.US_ASCII)
                    .isEqualTo("head|body");
        }
    }

    @Test
    void aDatagramsArrayMayBeReusedAsSoonAsSendReturns() throws Exception {
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            HeldEventLoop held = new HeldEventLoop(client); // nothing is written until the caller has reused its array
            byte[] message = "first".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.util.concurrent.CompletableFuture<Void> sent = client.send(message);
            System.arraycopy("later".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, message, 0, 5);
            held.close();
            sent.get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(server.recv(java.time.Duration.ofSeconds(5)).data()).asString(java.nio.charset.StandardCharsets.US_ASCII)
                    .isEqualTo("first");
        }
    }

    @Test
    void subscriptionsFilterByPatternAndBySender() throws Exception {
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).onMessage((m, f, p) -> { }).open();
             Pipe alice = Pipe.udp().to(server.localAddress()).open();
             Pipe bob = Pipe.udp().to(server.localAddress()).open()) {
            Subscription pings = server.subscribe(Subscription.Filter.matching("^PING"));
            Subscription fromBob = server.subscribe(Subscription.Filter.from(
                    new java.net.InetSocketAddress("127.0.0.1", bob.localAddress().getPort())));
            Subscription bobsPongs = server.subscribe(
                    Subscription.Filter.from(InetAddress.getByName("127.0.0.1")).andMatching("PONG"));
            alice.send("PING a".getBytes(UTF_8)).join();
            bob.send("PONG b".getBytes(UTF_8)).join();
            bob.send("PING b".getBytes(UTF_8)).join();

            assertThat(pings.recv(WAIT).data()).asString(UTF_8).isEqualTo("PING a");
            assertThat(pings.recv(WAIT).data()).asString(UTF_8).isEqualTo("PING b");
            assertThat(fromBob.recv(WAIT).data()).asString(UTF_8).isEqualTo("PONG b");
            assertThat(fromBob.recv(WAIT).data()).asString(UTF_8).isEqualTo("PING b");
            assertThat(bobsPongs.recv(WAIT).data()).asString(UTF_8).isEqualTo("PONG b");
            assertThat(bobsPongs.recv(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void maxQsizeDropsTheOldestAndCountsIt() throws Exception {
        PipeConfig conf = PipeConfig.builder().maxQsize(2).build();
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).config(conf).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            Subscription all = server.subscribe(Subscription.Filter.all());
            for (int i = 1; i <= 5; i++) {
                client.send(new byte[] {(byte) i}).join();
            }
            await().atMost(WAIT).until(() -> all.dropped() == 3);
            assertThat(all.recv(WAIT).data()).containsExactly(4);
            assertThat(all.recv(WAIT).data()).containsExactly(5);
            assertThat(all.recv(Duration.ofMillis(20))).isNull();
        }
    }

    @Test
    void unboundedQueueKeepsEverythingByDefault() throws Exception {
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            for (int i = 0; i < 50; i++) {
                client.send(new byte[] {(byte) i}).join();
            }
            for (int i = 0; i < 50; i++) {
                assertThat(server.recv(WAIT).data()).containsExactly(i);
            }
        }
    }

    @Test
    void recvAfterCloseReturnsWhatIsLeftThenNothingAtOnce() throws Exception {
        Pipe server = Pipe.udp().bind("127.0.0.1", 0).open();
        Subscription all = server.subscribe(Subscription.Filter.all());
        try (Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            client.send("first".getBytes(UTF_8)).join();
            client.send("second".getBytes(UTF_8)).join();
            await().atMost(WAIT).until(() -> all.size() == 2);
            server.close();
            assertThat(all.recv(WAIT).data()).asString(UTF_8).isEqualTo("first");
            assertThat(all.recv(WAIT).data()).asString(UTF_8).isEqualTo("second");
            long start = System.nanoTime();
            assertThat(all.recv(Duration.ofSeconds(30))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aUdpPipeWithoutDestinationNeedsOneToSend() throws Exception {
        try (Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThat(pipe.send(new byte[1])).failsWithin(WAIT)
                    .withThrowableThat().withMessageContaining("no destination");
        }
    }

    @Test
    void theInitializerRunsOncePerUdpPipe() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Pipe pipe = Pipe.udp().bind("127.0.0.1", 0)
                .initializer((p, channelPipeline) -> {
                    calls.incrementAndGet();
                    channelPipeline.addLast("protocol", new ChannelInboundHandlerAdapter());
                })
                .open()) {
            assertThat(calls).hasValue(1);
            assertThat(pipe.channel().pipeline().names()).containsOnlyOnce("protocol");
        }
    }
}
