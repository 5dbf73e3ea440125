package io.p2pboot.autoconfigure.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @OnData(dispatch = ...)} and {@code p2p.handlers.dispatch} decide where methods run: the
 * handler executor by default, the connection's event loop when asked; a slow method there is
 * reported once by name.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerDispatchTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false", "p2p.data-type=bytes");

    /** Records the name of the thread each method ran on. */
    static class Threads {
        final List<String> names = new CopyOnWriteArrayList<>();

        void ran(String method) {
            names.add(method + "@" + Thread.currentThread().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnTheEventLoop extends Threads {
        @OnData(dispatch = Dispatch.EVENT_LOOP)
        void fast(byte[] data) {
            ran("fast");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Unsaid extends Threads {
        @OnData
        void unsaid(byte[] data) {
            ran("unsaid");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnTheExecutor extends Threads {
        @OnData(dispatch = Dispatch.EXECUTOR)
        void blocking(byte[] data) {
            ran("blocking");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Echo {
        @OnData(dispatch = Dispatch.EVENT_LOOP)
        byte[] echo(byte[] data) {
            return data;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Slow extends Threads {
        @OnData(dispatch = Dispatch.EVENT_LOOP)
        void stalls(byte[] data) {
            ran("stalls");
            long end = System.nanoTime() + Duration.ofMillis(30).toNanos(); // a method that blocks the loop
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    /** Sends {@code count} messages from a peer outside the context and waits until as many calls are recorded. */
    private static void send(Peer to, Threads threads, int count, int callsPerMessage) throws Exception {
        try (Peer sender = Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start()) {
            Connection c = sender.connect(to.name(), ConnectOptions.of(DataType.BYTES));
            for (int i = 0; i < count; i++) {
                c.send(new byte[] {(byte) i});
            }
            await().atMost(WAIT).until(() -> threads.names.size() == count * callsPerMessage);
        }
    }

    @Test
    void aMethodAskingForTheEventLoopRunsOnIt() {
        runner.withUserConfiguration(OnTheEventLoop.class).run(context -> {
            Threads threads = context.getBean(OnTheEventLoop.class);
            send(context.getBean(Peer.class), threads, 5, 1);
            assertThat(threads.names).allMatch(n -> n.startsWith("fast@p2p-io"));
        });
    }

    @Test
    void byDefaultMethodsRunOnTheHandlerExecutor() {
        runner.withUserConfiguration(Unsaid.class).run(context -> {
            Threads threads = context.getBean(Unsaid.class);
            send(context.getBean(Peer.class), threads, 5, 1);
            assertThat(threads.names).allMatch(n -> n.startsWith("unsaid@p2p-handler-"));
        });
    }

    @Test
    void thePropertyPutsMethodsThatSayNothingOnTheEventLoop() {
        runner.withUserConfiguration(Unsaid.class).withPropertyValues("p2p.handlers.dispatch=event-loop")
                .run(context -> {
                    Threads threads = context.getBean(Unsaid.class);
                    send(context.getBean(Peer.class), threads, 5, 1);
                    assertThat(threads.names).allMatch(n -> n.startsWith("unsaid@p2p-io"));
                });
    }

    @Test
    void aMethodAskingForTheExecutorStaysThereUnderThePropertyAndKeepsTheOthersWithIt() {
        runner.withUserConfiguration(Unsaid.class, OnTheExecutor.class)
                .withPropertyValues("p2p.handlers.dispatch=event-loop").run(context -> {
                    Threads unsaid = context.getBean(Unsaid.class);
                    Threads blocking = context.getBean(OnTheExecutor.class);
                    send(context.getBean(Peer.class), blocking, 5, 1);
                    await().atMost(WAIT).until(() -> unsaid.names.size() == 5);
                    assertThat(blocking.names).allMatch(n -> n.startsWith("blocking@p2p-handler-"));
                    assertThat(unsaid.names).as("a message runs on the loop only when all its handlers may")
                            .allMatch(n -> n.startsWith("unsaid@p2p-handler-"));
                });
    }

    @Test
    void anEventLoopMethodsReplyGoesBack() {
        runner.withUserConfiguration(Echo.class).run(context -> {
            Peer peer = context.getBean(Peer.class);
            try (Peer remote = Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start()) {
                Connection c = remote.connect(peer.name(), ConnectOptions.of(DataType.BYTES));
                for (int i = 0; i < 20; i++) {
                    assertThat(c.request(new byte[] {(byte) i}, byte[].class, WAIT)).containsExactly((byte) i);
                }
            }
        });
    }

    @Test
    void aSlowEventLoopMethodIsReportedOnceByName(CapturedOutput output) {
        runner.withUserConfiguration(Slow.class).run(context -> {
            Threads threads = context.getBean(Slow.class);
            Peer peer = context.getBean(Peer.class);
            send(peer, threads, 3, 1);
            assertThat(threads.names).allMatch(n -> n.startsWith("stalls@p2p-io"));
            assertThat(peer.stats().slowEventLoopHandlers()).isEqualTo(1);
            String method = "@OnData method " + Slow.class.getName() + ".stalls(byte[])";
            assertThat(output.getOut().split(Pattern.quote(method), -1)).as(output.getOut()).hasSize(2);
            assertThat(output.getOut()).contains("ms on an event loop");
        });
    }
}
