package io.p2pboot.pipe;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A protocol on a pipe receives through the pipe's own path: budget, per-burst hand-off, ordered delivery, one end. */
class PipeProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A line protocol whose sink is given by the test; the lines of one read burst arrive together. */
    private static final class Lines implements PipeProtocol {
        final Function<PipeChannel, PipeInbound.Sink<String>> sinks;
        final long limit;
        final CompletableFuture<PipeInbound<String>> inbound = new CompletableFuture<>();

        Lines(long limit, Function<PipeChannel, PipeInbound.Sink<String>> sinks) {
            this.limit = limit;
            this.sinks = sinks;
        }

        @Override
        public void install(PipeChannel channel) {
            PipeInbound<String> in = channel.receiveWith(sinks.apply(channel), limit, bytes -> { });
            inbound.complete(in);
            channel.pipeline().addLast(new LineBasedFrameDecoder(1024), new StringDecoder(US_ASCII),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            in.arrived((String) msg);
                        }
                    });
        }
    }

    /** Collects what it is given, and where; ends on the event loop when told it may. */
    private static class Collecting implements PipeInbound.Sink<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Thread> endedOn = new CompletableFuture<>();
        final CompletableFuture<CloseReason> ended = new CompletableFuture<>();
        final boolean endOnLoop;

        Collecting(boolean endOnLoop) {
            this.endOnLoop = endOnLoop;
        }

        @Override
        public int sizeOf(String line) {
            return line.length();
        }

        @Override
        public @Nullable CompletionStage<?> deliver(String line) {
            lines.add(line);
            threads.add(Thread.currentThread());
            return null;
        }

        @Override
        public void discard(String line) {
        }

        @Override
        public String failedFatally(int notDelivered) {
            return "lines failed; " + notDelivered + " not delivered";
        }

        @Override
        public boolean endsOnEventLoop() {
            return endOnLoop;
        }

        @Override
        public void ended(CloseReason reason) {
            endedOn.complete(Thread.currentThread());
            ended.complete(reason);
        }
    }

    @Test
    void aProtocolsArrivalsAreDeliveredInOrderOffTheEventLoopAndThePipeHasNoMessageApi() throws Exception {
        Collecting sink = new Collecting(false);
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).protocol(new Lines(1 << 20, c -> sink)).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                many.append(i).append('\n');
            }
            client.send(many.toString().getBytes(US_ASCII)).get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> sink.lines.size() == 500);
            assertThat(sink.lines).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 500).mapToObj(String::valueOf).toList());
            assertThat(sink.threads).noneMatch(t -> t instanceof FastThreadLocalThread);
            Pipe accepted = server.clients().get(0);
            assertThatThrownBy(() -> accepted.addMessageHandler((d, f, p) -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("carries a protocol");
            assertThatThrownBy(() -> accepted.recv(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void whatTheSinkKeepsCountsAgainstTheBudgetUntilItIsFreed() throws Exception {
        RecvQueue<String>[] kept = new RecvQueue[1];
        CompletableFuture<PipeInbound<String>> path = new CompletableFuture<>();
        Lines protocol = new Lines(64, c -> new Collecting(false) {
            @Override
            public @Nullable CompletionStage<?> deliver(String line) {
                kept[0].add(line);
                return PipeInbound.KEPT;
            }
        });
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).protocol(protocol).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            PipeInbound<String> in = protocol.inbound.get(5, TimeUnit.SECONDS);
            kept[0] = new RecvQueue<>(0, line -> in.freed(line.length()));
            byte[] line = "0123456789abcdef\n".getBytes(US_ASCII);
            for (int i = 0; i < 200; i++) {
                client.send(line);
            }
            await().atMost(WAIT).until(() -> !server.clients().isEmpty());
            Pipe accepted = server.clients().get(0);
            await().atMost(WAIT).until(() -> !accepted.channel().config().isAutoRead());
            assertThat(in.pendingBytes()).as("held, not delivered: still counted").isGreaterThan(64);

            int taken = 0;
            while (taken < 200) {
                assertThat(kept[0].take(WAIT)).as("line " + taken).isEqualTo("0123456789abcdef");
                taken++;
            }
            await().atMost(WAIT).until(() -> in.pendingBytes() == 0);
            assertThat(accepted.channel().config().isAutoRead()).as("reading again once freed").isTrue();
        }
    }

    @Test
    void theSinkEndsOnTheEventLoopOnlyWhenItSaysNoUserCodeRunsThere() throws Exception {
        for (boolean onLoop : new boolean[] {true, false}) {
            Collecting sink = new Collecting(onLoop);
            try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).protocol(new Lines(1024, c -> sink)).listen();
                 Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
                client.send("last\n".getBytes(US_ASCII));
                await().atMost(WAIT).until(() -> sink.lines.size() == 1);
                client.close();
                assertThat(sink.ended.get(5, TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.REMOTE);
                assertThat(sink.endedOn.get() instanceof FastThreadLocalThread).as("ended on the event loop").isEqualTo(onLoop);
            }
        }
    }

    @Test
    void aFatalErrorInADeliveryClosesThePipeSayingHowManyArrivalsWereNotDelivered() throws Exception {
        Collecting sink = new Collecting(false) {
            @Override
            public @Nullable CompletionStage<?> deliver(String line) {
                if (line.equals("boom")) {
                    throw new OutOfMemoryError("pretend");
                }
                return super.deliver(line);
            }
        };
        try (ServerPipe server = Pipe.tcp().bind("127.0.0.1", 0).protocol(new Lines(1024, c -> sink)).listen();
             Pipe client = Pipe.tcp().to(server.localAddress()).open()) {
            client.send("one\nboom\ntwo\nthree\n".getBytes(US_ASCII)); // one write, one read, one batch
            CloseReason reason = sink.ended.get(5, TimeUnit.SECONDS);
            assertThat(reason.kind()).isEqualTo(CloseReason.Kind.LOCAL);
            assertThat(reason.detail()).isEqualTo("lines failed; 2 not delivered");
            assertThat(sink.lines).containsExactly("one");
        }
    }
}
