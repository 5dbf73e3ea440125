package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every pipe option has an effect; each test here observes one. */
class PipeOptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void dnsTimeoutBoundsTheLookupOfAHostName() throws Exception {
        // A DNS server on loopback that never answers.
        try (Pipe silentDns = Pipe.udp().bind("127.0.0.1", 0).open()) {
            PipeConfig conf = PipeConfig.builder().dnsServers(List.of(silentDns.localAddress()))
                    .dnsTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pipe.tcp().to("peer.p2p.invalid", 80).config(conf).open())
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("dns_timeout (300 ms)");
            assertThat(millisSince(start)).isBetween(250L, 2500L);
            assertThat(silentDns.recv(WAIT)).as("the query went to the configured server").isNotNull();
        }
    }

    @Test
    void hostNamesFromTheHostsFileResolveWithoutDns() throws Exception {
        try (Pipe silentDns = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, f, p) -> p.send(m)).open()) {
            PipeConfig conf = PipeConfig.builder().dnsServers(List.of(silentDns.localAddress())).build();
            try (Pipe client = Pipe.tcp().to("localhost", server.localAddress().getPort()).config(conf).open()) {
                assertThat(client.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
            }
        }
    }

    @Test
    void conTimeoutBoundsAConnectThatGetsNoAnswer() throws Exception {
        // A listener that never accepts, with its accept queue filled: further SYNs go unanswered.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", full.getLocalPort());
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(addr, 200);
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
            PipeConfig conf = PipeConfig.builder().conTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pipe.tcp().to(addr).config(conf).open())
                    .isInstanceOf(ConnectTimeoutException.class);
            assertThat(millisSince(start)).isBetween(250L, 2500L);
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void sockProtoMustMatchThePipesProtocol() throws Exception {
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> Pipe.tcp().to(server.localAddress())
                    .config(PipeConfig.builder().sockProto(17).build()).open())
                    .isInstanceOf(SocketException.class).hasMessageContaining("Protocol not supported");
            try (Pipe ok = Pipe.tcp().to(server.localAddress()).config(PipeConfig.builder().sockProto(6).build()).open()) {
                assertThat(ok.isOpen()).isTrue();
            }
        }
        assertThatThrownBy(() -> Pipe.udp().bind("127.0.0.1", 0).config(PipeConfig.builder().sockProto(6).build()).open())
                .isInstanceOf(SocketException.class);
        try (Pipe udp = Pipe.udp().bind("127.0.0.1", 0).config(PipeConfig.builder().sockProto(17).build()).open()) {
            assertThat(udp.isOpen()).isTrue();
        }
    }

    @Test
    void recvTimeoutIsHowLongRecvWaitsByDefault() throws Exception {
        PipeConfig conf = PipeConfig.builder().recvTimeout(Duration.ofMillis(200)).build();
        try (Pipe pipe = Pipe.udp().bind("127.0.0.1", 0).config(conf).open()) {
            long start = System.nanoTime();
            assertThat(pipe.recv()).isNull();
            assertThat(millisSince(start)).isBetween(190L, 2000L);
        }
    }

    @Test
    void readerLimitCapsEachTcpReadAndPausesReadingWhileHandlersLag() throws Exception {
        int limit = 1024;
        PipeConfig conf = PipeConfig.builder().readerLimit(limit).build();
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        AtomicInteger largest = new AtomicInteger();
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).config(conf).onMessage((m, f, p) -> {
                release.await();
                largest.accumulateAndGet(m.length, Math::max);
                synchronized (got) {
                    got.write(m);
                }
            }).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            Pipe accepted = server.accept(WAIT);
            byte[] data = new byte[4 * 1024 * 1024];
            new java.util.Random(7).nextBytes(data);
            client.send(data);
            await().atMost(WAIT).until(() -> !accepted.channel().config().isAutoRead());
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                synchronized (got) {
                    return got.size() == data.length;
                }
            });
            assertThat(got.toByteArray()).isEqualTo(data);
            assertThat(largest.get()).isLessThanOrEqualTo(limit);
            assertThat(accepted.channel().config().isAutoRead()).isTrue();
        }
    }

    @Test
    void aDatagramOverReaderLimitIsDroppedAndCountedAndTheSocketServesOthers() throws Exception {
        PipeConfig conf = PipeConfig.builder().readerLimit(100).build();
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).config(conf).open();
             Pipe client = Pipe.udp().to(server.localAddress()).open()) {
            client.send(new byte[101]).join();
            client.send(new byte[100]).join();
            assertThat(server.recv(WAIT).data()).hasSize(100);
            assertThat(server.errors()).isEqualTo(1);
            assertThat(server.isOpen()).isTrue();
        }
    }

    /** A protocol handler of the pipe's that fails on a byte 'X'. */
    private static PipeInitializer failingOnX() {
        return (pipe, p) -> p.addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                if (buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 'X') >= 0) {
                    buf.release();
                    throw new IllegalStateException("X is not allowed");
                }
                ctx.fireChannelRead(msg);
            }
        });
    }

    @Test
    void doCloseClosesTheSocketOnAnErrorWithTheReason() throws Exception {
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).initializer(failingOnX()).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            Pipe accepted = server.accept(WAIT);
            client.send("X".getBytes(UTF_8));
            CloseReason reason = accepted.endFuture().get(5, TimeUnit.SECONDS);
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.ERROR);
            assertThat(reason.detail()).contains("X is not allowed");
            assertThat(client.endFuture().get(5, TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.REMOTE);
        }
    }

    @Test
    void withoutDoCloseAnErrorIsCountedAndTheSocketGoesOn() throws Exception {
        PipeConfig conf = PipeConfig.builder().doClose(false).build();
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).config(conf).initializer(failingOnX()).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            Pipe accepted = server.accept(WAIT);
            client.send("X".getBytes(UTF_8));
            await().atMost(WAIT).until(() -> accepted.errors() == 1);
            client.send("fine".getBytes(UTF_8));
            assertThat(server.recv(WAIT).data()).asString(UTF_8).isEqualTo("fine");
            assertThat(accepted.isOpen()).isTrue();
        }
    }

    @Test
    void enableMsgIdsDropsRepeatsFromTheSameSenderWithinMaxMsgIds() throws Exception {
        PipeConfig conf = PipeConfig.builder().enableMsgIds(true).maxMsgIds(2).build();
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).config(conf).open();
             Pipe alice = Pipe.udp().to(server.localAddress()).open();
             Pipe bob = Pipe.udp().to(server.localAddress()).open()) {
            for (String s : List.of("a", "a", "b", "c", "a")) {
                alice.send(s.getBytes(UTF_8)).join();
            }
            bob.send("a".getBytes(UTF_8)).join();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(new String(server.recv(WAIT).data(), UTF_8));
            }
            // The second "a" is a repeat; the last one from alice comes after two others pushed it out.
            assertThat(got).containsExactly("a", "b", "c", "a", "a");
            assertThat(server.duplicateMessages()).isEqualTo(1);
            assertThat(server.recv(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void repeatsAreDeliveredWhenMsgIdsAreOff() throws Exception {
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).open();
             Pipe alice = Pipe.udp().to(server.localAddress()).open()) {
            alice.send("a".getBytes(UTF_8)).join();
            alice.send("a".getBytes(UTF_8)).join();
            assertThat(server.recv(WAIT)).isNotNull();
            assertThat(server.recv(WAIT)).isNotNull();
        }
    }

    @Test
    void reuseAddrLetsTwoUdpPipesShareAPort() throws Exception {
        PipeConfig reuse = PipeConfig.builder().reuseAddr(true).build();
        try (Pipe first = Pipe.udp().bind("127.0.0.1", 0).config(reuse).open();
             Pipe second = Pipe.udp().bind("127.0.0.1", first.localAddress().getPort()).config(reuse).open()) {
            assertThat(second.localAddress()).isEqualTo(first.localAddress());
        }
        try (Pipe first = Pipe.udp().bind("127.0.0.1", 0).open()) {
            assertThatThrownBy(() -> Pipe.udp().bind("127.0.0.1", first.localAddress().getPort()).open())
                    .isInstanceOf(BindException.class);
        }
    }

    @Test
    void aTcpListenerReusesItsAddressUnlessToldNot() throws Exception {
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).listen()) {
            assertThat(server.channel().config().getOption(ChannelOption.SO_REUSEADDR)).isTrue();
        }
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0)
                .config(PipeConfig.builder().reuseAddr(false).build()).listen()) {
            assertThat(server.channel().config().getOption(ChannelOption.SO_REUSEADDR)).isFalse();
        }
    }

    @Test
    void broadcastIsNeededToSendToTheLoopbackBroadcastAddress() throws Exception {
        PipeConfig shared = PipeConfig.builder().reuseAddr(true).build();
        try (Pipe listener = Pipe.udp().bind("0.0.0.0", 0).config(shared).open()) {
            InetSocketAddress target = new InetSocketAddress("127.255.255.255", listener.localAddress().getPort());
            try (Pipe plain = Pipe.udp().bind("127.0.0.1", 0).config(PipeConfig.builder().sendRetry(0).build()).open()) {
                assertThat(plain.send("x".getBytes(UTF_8), target)).failsWithin(WAIT)
                        .withThrowableThat().withMessageContaining("Permission denied");
            }
            try (Pipe caster = Pipe.udp().bind("127.0.0.1", 0).config(PipeConfig.builder().broadcast(true).build()).open()) {
                caster.send("hello all".getBytes(UTF_8), target).get(5, TimeUnit.SECONDS);
                assertThat(listener.recv(WAIT).data()).asString(UTF_8).isEqualTo("hello all");
            }
        }
    }

    @Test
    void lingerZeroMakesCloseResetTheConnection() throws Exception {
        for (boolean linger : new boolean[] {false, true}) {
            PipeConfig conf = linger ? PipeConfig.builder().linger(Duration.ZERO).build() : PipeConfig.defaults();
            try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).config(conf).listen();
                 Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
                server.accept(WAIT).close();
                CloseReason reason = client.endFuture().get(5, TimeUnit.SECONDS);
                assertThat(reason.kind()).isEqualTo(linger ? CloseReason.Kind.RESET : CloseReason.Kind.REMOTE);
            }
        }
    }

    @Test
    void sockOnlyLeavesReadingToTheCaller() throws Exception {
        PipeConfig conf = PipeConfig.builder().sockOnly(true).build();
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onUp(p -> p.send("raw".getBytes(UTF_8))).open();
             Pipe client = Pipe.tcp().to(server.localAddress()).config(conf).open()) {
            assertThat(client.recv(Duration.ofMillis(200))).isNull();
            CompletableFuture<String> read = new CompletableFuture<>();
            client.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf buf = (ByteBuf) msg;
                    read.complete(buf.toString(UTF_8));
                    buf.release();
                }
            });
            client.channel().config().setAutoRead(true);
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("raw");
            assertThat(client.unhandledMessages()).isZero();
        }
    }

    @Test
    void loopRunsPipesOnTheGivenEventLoops() throws Exception {
        try (Transport own = Transport.create(1, "own-io")) {
            PipeConfig conf = PipeConfig.builder().loop(own).build();
            try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).config(conf).open();
                 Pipe udp = Pipe.udp().bind("127.0.0.1", 0).config(conf).open();
                 Pipe other = Pipe.udp().bind("127.0.0.1", 0).open()) {
                assertThat(server.channel().eventLoop().parent()).isSameAs(own.group());
                assertThat(udp.channel().eventLoop().parent()).isSameAs(own.group());
                assertThat(other.channel().eventLoop().parent()).isSameAs(Transport.shared().group());
            }
        }
    }

    @Test
    void handlersRunOnTheConfiguredExecutor() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-handlers"));
        try (Pipe server = Pipe.udp().bind("127.0.0.1", 0)
                .config(PipeConfig.builder().handlerExecutor(exec).build()).open()) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            server.addMessageHandler((m, f, p) -> thread.complete(Thread.currentThread().getName()));
            try (Pipe client = Pipe.udp().to(server.localAddress()).open()) {
                client.send(new byte[1]).join();
                assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("my-handlers");
            }
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void sendRetryIsHowOftenAnUnansweredRequestIsSentAgain() throws Exception {
        for (int retries : new int[] {1, 2}) {
            AtomicInteger requests = new AtomicInteger();
            try (Pipe server = Pipe.udp().bind("127.0.0.1", 0).onMessage((m, from, p) -> {
                    if (requests.incrementAndGet() == 3) {
                        p.send("answer".getBytes(UTF_8), from);
                    }
                }).open();
                 Pipe client = Pipe.udp().to(server.localAddress())
                         .config(PipeConfig.builder().sendRetry(retries).build()).open()) {
                Message reply = client.request("q".getBytes(UTF_8), Duration.ofMillis(150));
                if (retries == 2) {
                    assertThat(reply.data()).asString(UTF_8).isEqualTo("answer");
                } else {
                    assertThat(reply).isNull();
                    await().atMost(WAIT).untilAtomic(requests, org.hamcrest.Matchers.equalTo(2));
                }
            }
        }
    }

    @Test
    void invalidValuesAreRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> PipeConfig.builder().readerLimit(0).build()).hasMessageContaining("reader_limit");
        assertThatThrownBy(() -> PipeConfig.builder().recvTimeout(Duration.ZERO).build()).hasMessageContaining("recv_timeout");
        assertThatThrownBy(() -> PipeConfig.builder().maxQsize(-1).build()).hasMessageContaining("max_qsize");
        assertThatThrownBy(() -> PipeConfig.builder().useSsl(true).build()).hasMessageContaining("use_ssl");
        assertThatThrownBy(() -> PipeConfig.builder().linger(Duration.ofSeconds(-1)).build()).hasMessageContaining("linger");
    }

    @Test
    void routesListInterfacesAndBindTheChosenAddress() throws Exception {
        List<Route> routes = Route.list();
        Route lo = routes.stream().filter(r -> r.addresses().stream().anyMatch(InetAddress::isLoopbackAddress))
                .findFirst().orElseThrow();
        assertThat(lo.ipv4()).contains(InetAddress.getByName("127.0.0.1"));
        List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
        try (Pipe server = Pipe.tcp().bind("127.0.0.1", 0).onMessage((m, f, p) -> senders.add(f)).open();
             Pipe viaLo = Pipe.tcp().to(server.localAddress()).route(lo).open();
             Pipe viaSecond = Pipe.tcp().to(server.localAddress())
                     .route(Route.address(InetAddress.getByName("127.0.0.2"))).open()) {
            assertThat(viaLo.localAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(viaSecond.localAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
            viaSecond.send(new byte[1]);
            await().atMost(WAIT).until(() -> !senders.isEmpty());
            assertThat(senders.get(0).getAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
        }
    }
}
