package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Handlers run on the peer's own executor, apart from the application's task executor, as p2p.handlers.* says. */
class HandlerExecutorTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, P2pAutoConfiguration.class))
            .withUserConfiguration(Blocking.class)
            .withPropertyValues("p2p.discovery.enabled=false");

    /** Records where each message's handler ran; blocks while the gate is shut, counting how many block at once. */
    @Configuration(proxyBeanMethods = false)
    static class Blocking {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger handled = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @OnData
        void on(byte[] data) throws InterruptedException {
            threads.add(Thread.currentThread().getName());
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
                handled.incrementAndGet();
            }
        }
    }

    /** Needs an Executor by type, as application code does: must not be made ambiguous by the peer's. */
    static class NeedsAnExecutor {
        final Executor executor;

        NeedsAnExecutor(Executor executor) {
            this.executor = executor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationCode {
        @Bean
        NeedsAnExecutor needsAnExecutor(Executor executor) {
            return new NeedsAnExecutor(executor);
        }
    }

    private static List<Peer> sendFrom(int peers, Peer to) throws Exception {
        List<Peer> senders = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            Peer sender = Peer.create(PeerConfig.builder().build()).start();
            senders.add(sender);
            Connection c = sender.connect(to.name(), ConnectOptions.of(DataType.BYTES));
            c.send(new byte[] {(byte) i});
        }
        return senders;
    }

    @Test
    void byDefaultHandlersRunOnThePeersOwnPoolAndTheApplicationKeepsItsTaskExecutor() {
        runner.withUserConfiguration(ApplicationCode.class).run(context -> {
            Blocking handler = context.getBean(Blocking.class);
            List<Peer> senders = sendFrom(1, context.getBean(Peer.class));
            await().atMost(WAIT).until(() -> handler.handled.get() == 1);
            senders.forEach(Peer::stop);
            assertThat(handler.threads).singleElement().asString().startsWith("p2p-handler-");
            assertThat(context.getBean(NeedsAnExecutor.class).executor)
                    .as("injected by type: still the application's task executor")
                    .isSameAs(context.getBean("applicationTaskExecutor"));
        });
    }

    @Test
    void thePoolSizeBoundsHowManyHandlersBlockAtOnce() {
        runner.withPropertyValues("p2p.handlers.executor=pool", "p2p.handlers.pool.size=2").run(context -> {
            Blocking handler = context.getBean(Blocking.class);
            handler.gate = new CountDownLatch(1);
            List<Peer> senders = sendFrom(3, context.getBean(Peer.class));
            await().atMost(WAIT).until(() -> handler.running.get() == 2);
            assertThat(context.getBean(P2pAutoConfiguration.HANDLER_EXECUTOR, ThreadPoolTaskExecutor.class)
                    .getMaxPoolSize()).isEqualTo(2);
            assertThat(handler.handled.get()).as("the third waits for a thread").isZero();
            handler.gate.countDown();
            await().atMost(WAIT).until(() -> handler.handled.get() == 3);
            senders.forEach(Peer::stop);
            assertThat(handler.mostAtOnce.get()).isEqualTo(2);
        });
    }

    @Test
    void anApplicationsOwnHandlerExecutorOfThatNameReplacesThePeers() {
        runner.withUserConfiguration(OwnExecutor.class).run(context -> {
            Blocking handler = context.getBean(Blocking.class);
            List<Peer> senders = sendFrom(1, context.getBean(Peer.class));
            await().atMost(WAIT).until(() -> handler.handled.get() == 1);
            senders.forEach(Peer::stop);
            assertThat(handler.threads).singleElement().asString().startsWith("own-");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnExecutor {
        @Bean(name = P2pAutoConfiguration.HANDLER_EXECUTOR, defaultCandidate = false)
        Executor ownHandlers() {
            AtomicInteger n = new AtomicInteger();
            return task -> {
                Thread t = new Thread(task, "own-" + n.incrementAndGet());
                t.setDaemon(true);
                t.start();
            };
        }
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreadsBeforeJava21FailStartUpSayingWhatToUseInstead() {
        runner.withPropertyValues("p2p.handlers.executor=virtual").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("p2p.handlers.executor=virtual needs Java 21"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void withVirtualThreadsEnabledHandlersRunOnVirtualThreads() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            Blocking handler = context.getBean(Blocking.class);
            List<Peer> senders = sendFrom(1, context.getBean(Peer.class));
            await().atMost(WAIT).until(() -> handler.handled.get() == 1);
            senders.forEach(Peer::stop);
            assertThat(handler.threads).singleElement().asString().startsWith("p2p-handler-");
        });
    }
}
