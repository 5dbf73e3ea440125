package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.PeerSource;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The auto-configured peer: created, started and stopped with the context, backing off for the application's own. */
class P2pAutoConfigurationTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Discovery off unless a test turns it on (and then only on loopback). */
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void aPeerIsCreatedAndListensOnceTheContextIsReady() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Peer.class).hasSingleBean(PeerConfig.class).hasSingleBean(PeerLifecycle.class);
            Peer peer = context.getBean(Peer.class);
            assertThat(peer.isListening()).isTrue();
            assertThat(peer.name()).startsWith("127.0.0.1:");
        });
    }

    @Test
    void closingTheContextStopsThePeer() {
        CompletableFuture<Peer> seen = new CompletableFuture<>();
        runner.run(context -> seen.complete(context.getBean(Peer.class)));
        assertThat(seen.join().isListening()).isFalse();
    }

    @Test
    void enabledFalseBacksOffEntirely() {
        runner.withPropertyValues("p2p.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(Peer.class).doesNotHaveBean(PeerLifecycle.class).doesNotHaveBean(P2pProperties.class));
    }

    @Test
    void theApplicationsOwnPeerWins() {
        runner.withUserConfiguration(OwnPeer.class).run(context -> {
            assertThat(context).hasSingleBean(Peer.class);
            assertThat(context.getBean(Peer.class)).isSameAs(context.getBean(OwnPeer.class).peer);
            assertThat(context.getBean(Peer.class).config().maxConnections()).isEqualTo(7);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPeer {
        final Peer peer = Peer.create(PeerConfig.builder().maxConnections(7).build());

        @Bean
        Peer myPeer() {
            return peer;
        }
    }

    @Test
    void customizersAdjustTheConfigAndThePeer() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            Peer peer = context.getBean(Peer.class);
            assertThat(peer.config().maxConnections()).isEqualTo(3);
            assertThat(context.getBean(Customizers.class).customized).containsExactly(peer);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final List<Peer> customized = new CopyOnWriteArrayList<>();

        @Bean
        PeerConfigCustomizer fewConnections() {
            return config -> config.maxConnections(3);
        }

        @Bean
        PeerCustomizer remember() {
            return customized::add;
        }
    }

    record Greeting(String senderName, int count) {
    }

    @Test
    void jsonGoesThroughTheApplicationsMapper() {
        runner.withUserConfiguration(SnakeCaseMapper.class).run(context -> {
            Peer peer = context.getBean(Peer.class);
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                Connection c = peer.connect(other.name());
                c.send(new Greeting("bob", 2));
                Object got = other.awaitConnectionTo(peer.name(), WAIT).receive(WAIT).value();
                assertThat(got).isEqualTo(Map.of("sender_name", "bob", "count", 2));
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SnakeCaseMapper {
        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        }
    }

    @Test
    void withBootsJacksonAndTaskExecutionHandlersRunOnThePeersOwnExecutorNotTheApplicationsTasks() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
                .withPropertyValues("spring.task.execution.thread-name-prefix=app-task-")
                .run(context -> {
                    Peer peer = context.getBean(Peer.class);
                    CompletableFuture<String> thread = new CompletableFuture<>();
                    peer.onData((c, d) -> thread.complete(Thread.currentThread().getName()));
                    try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                        other.connect(peer.name()).send("hi");
                        assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("p2p-handler-");
                    }
                });
    }

    @Test
    void failFastOffKeepsTheApplicationUpWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("p2p.port=" + taken.getLocalPort(), "p2p.fail-fast=false").run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Peer.class).isListening()).isFalse();
                assertThat(context.getBean(PeerLifecycle.class).startFailure()).isNotNull();
            });
            runner.withPropertyValues("p2p.port=" + taken.getLocalPort()).run(context -> assertThat(context)
                    .hasFailed().getFailure().rootCause().hasMessageContaining("Address already in use"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSource {
        /** A listening socket stands for a peer only this source knows of. */
        static final ServerSocket found;

        static {
            try {
                found = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Bean
        PeerSource registrySource() {
            return new PeerSource() {
                @Override
                public String kind() {
                    return "registry";
                }

                @Override
                public CompletableFuture<List<InetSocketAddress>> find(String ownName) {
                    return CompletableFuture.completedFuture(List.of(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), found.getLocalPort())));
                }
            };
        }
    }

    @Test
    void aPeerSourceBeanFeedsDiscoveryEvenWithBroadcastOff() {
        runner.withUserConfiguration(OwnSource.class).withPropertyValues("p2p.discovery.interval=100ms")
                .run(context -> {
                    Peer peer = context.getBean(Peer.class);
                    assertThat(context.getBean(PeerConfig.class).sources()).extracting(PeerSource::kind)
                            .containsExactly("registry");
                    await().atMost(WAIT).until(() -> !peer.discoveredPeers().isEmpty());
                    assertThat(peer.discoveredPeers()).singleElement().satisfies(p -> {
                        assertThat(p.name()).isEqualTo("127.0.0.1:" + OwnSource.found.getLocalPort());
                        assertThat(p.source()).isEqualTo("registry");
                    });
                });
    }
}
