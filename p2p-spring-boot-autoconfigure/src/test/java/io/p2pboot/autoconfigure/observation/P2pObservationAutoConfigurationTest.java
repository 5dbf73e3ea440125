package io.p2pboot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.PeerObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Handler calls, connects and incoming offers of the auto-configured peer are observed, with real peers on loopback. */
class P2pObservationAutoConfigurationTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Predicate<Observation.ContextView> UNDER_OFFER = parent -> "p2p.offer".equals(parent.getName());
    static final Predicate<Observation.ContextView> UNDER_REQUEST = parent -> "request".equals(parent.getName());

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pObservationAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false")
            .withUserConfiguration(Handlers.class);

    final ApplicationContextRunner observed = runner.withUserConfiguration(Observed.class);

    /** A test registry, which also keeps the contexts of stopped observations. */
    @Configuration(proxyBeanMethods = false)
    static class Observed {

        @Bean
        Stopped stopped() {
            return new Stopped();
        }

        @Bean
        TestObservationRegistry observationRegistry(Stopped stopped) {
            TestObservationRegistry registry = TestObservationRegistry.create();
            registry.observationConfig().observationHandler(stopped);
            return registry;
        }
    }

    @Test
    void aHandlerCallIsObservedWithItsEventDataTypeHandlerAndPeer() {
        observed.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            try (Peer other = loopbackPeer()) {
                other.connect(context.getBean(Peer.class).name()).send("hello");
                awaitStopped(context, "p2p.handler", "data");
                TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
                        .hasNameEqualTo("p2p.handler")
                        .hasContextualNameEqualTo("p2p data Handlers.received")
                        .hasLowCardinalityKeyValue("p2p.event", "data")
                        .hasLowCardinalityKeyValue("p2p.data.type", "json")
                        .hasLowCardinalityKeyValue("p2p.handler", "Handlers.received")
                        .hasLowCardinalityKeyValue("outcome", "success")
                        .hasLowCardinalityKeyValue("exception", "none")
                        .hasHighCardinalityKeyValue("p2p.peer", other.name())
                        .doesNotHaveError());
            }
        });
    }

    @Test
    void aFailingHandlerCallIsObservedWithItsError() {
        observed.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            try (Peer other = loopbackPeer()) {
                other.connect(context.getBean(Peer.class).name()).send("boom");
                awaitStopped(context, "p2p.handler", "data");
                TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
                        .hasNameEqualTo("p2p.handler")
                        .hasLowCardinalityKeyValue("outcome", "error")
                        .hasLowCardinalityKeyValue("exception", "IllegalStateException")
                        .hasError());
            }
        });
    }

    @Test
    void anIncomingOfferIsObservedWithItsOfferHandlerUnderIt() {
        observed.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            try (Peer other = loopbackPeer()) {
                other.connect(context.getBean(Peer.class).name());
                awaitStopped(context, "p2p.offer", null);
                TestObservationRegistryAssert.assertThat(registry)
                        .hasAnObservation(o -> o.hasNameEqualTo("p2p.offer")
                                .hasLowCardinalityKeyValue("p2p.data.type", "json")
                                .hasLowCardinalityKeyValue("outcome", "accepted")
                                .hasHighCardinalityKeyValue("p2p.peer", other.name())
                                .doesNotHaveParentObservation())
                        .hasAnObservation(o -> o.hasNameEqualTo("p2p.handler")
                                .hasLowCardinalityKeyValue("p2p.event", "offer")
                                .hasParentObservationContextMatching(UNDER_OFFER));
            }
        });
    }

    @Test
    void anOfferItsHandlersDenyIsObservedAsDenied() {
        observed.withPropertyValues("test.deny=true").run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            try (Peer other = loopbackPeer()) {
                assertThatThrownBy(() -> other.connect(context.getBean(Peer.class).name()))
                        .isInstanceOf(ConnectionDeniedException.class);
                awaitStopped(context, "p2p.offer", null);
                TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo("p2p.offer")
                        .hasLowCardinalityKeyValue("outcome", "denied"));
            }
        });
    }

    @Test
    void aConnectIsObservedWithItsOutcome() {
        observed.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            Peer peer = context.getBean(Peer.class);
            try (Peer accepting = loopbackPeer(); Peer denying = loopbackPeer()) {
                denying.onOffer((p, offer) -> false);
                peer.connect(accepting.name());
                assertThatThrownBy(() -> peer.connect(denying.name())).isInstanceOf(ConnectionDeniedException.class);
                // The blocking connect returns (or throws) after its observation stopped.
                TestObservationRegistryAssert.assertThat(registry)
                        .hasNumberOfObservationsWithNameEqualTo("p2p.connect", 2)
                        .hasAnObservation(o -> o.hasNameEqualTo("p2p.connect").hasContextualNameEqualTo("p2p connect")
                                .hasLowCardinalityKeyValue("p2p.data.type", "json")
                                .hasLowCardinalityKeyValue("outcome", "success")
                                .hasLowCardinalityKeyValue("exception", "none")
                                .hasHighCardinalityKeyValue("p2p.peer", accepting.name()))
                        .hasAnObservation(o -> o.hasNameEqualTo("p2p.connect")
                                .hasLowCardinalityKeyValue("outcome", "denied")
                                .hasLowCardinalityKeyValue("exception", "ConnectionDeniedException")
                                .hasHighCardinalityKeyValue("p2p.peer", denying.name())
                                .hasError());
            }
        });
    }

    @Test
    void aConnectMadeUnderAnObservationIsItsChild() {
        observed.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            try (Peer other = loopbackPeer()) {
                Observation.createNotStarted("request", registry).observeChecked(() ->
                        context.getBean(Peer.class).connect(other.name()));
                TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo("p2p.connect")
                        .hasParentObservationContextMatching(UNDER_REQUEST));
            }
        });
    }

    @Test
    void conventionBeansReplaceTheDefaults() {
        observed.withBean(HandlerObservationConvention.class, () -> new DefaultHandlerObservationConvention() {
                    @Override
                    public KeyValues getLowCardinalityKeyValues(HandlerObservationContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "chat");
                    }
                })
                .withBean(ConnectObservationConvention.class, () -> new DefaultConnectObservationConvention() {
                    @Override
                    public String getName() {
                        return "chat.connect";
                    }
                })
                .run(context -> {
                    TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                    try (Peer other = loopbackPeer()) {
                        context.getBean(Peer.class).connect(other.name());
                        other.connect(context.getBean(Peer.class).name()).send("hello");
                        awaitStopped(context, "p2p.handler", "data");
                        TestObservationRegistryAssert.assertThat(registry)
                                .hasAnObservation(o -> o.hasNameEqualTo("chat.connect"))
                                .hasAnObservation(o -> o.hasNameEqualTo("p2p.handler")
                                        .hasLowCardinalityKeyValue("team", "chat"));
                    }
                });
    }

    @Test
    void withoutAnObservationRegistryNothingIsObserved() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(HandlerObservationInterceptor.class)
                    .doesNotHaveBean(PeerObservations.class).hasSingleBean(Peer.class);
            assertThat(context.getBean(PeerConfig.class).observer()).isSameAs(PeerObserver.NONE);
        });
    }

    @Test
    void backsOffWithTheStarter() {
        observed.withPropertyValues("p2p.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HandlerObservationInterceptor.class)
                        .doesNotHaveBean(PeerObservations.class));
    }

    static Peer loopbackPeer() throws Exception {
        return Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start();
    }

    /** Waits until an observation of that name (and handler event, when given) has stopped. */
    static void awaitStopped(ApplicationContext context, String name, String event) {
        Stopped stopped = context.getBean(Stopped.class);
        await().atMost(WAIT).until(() -> stopped.contexts.stream().anyMatch(c -> c.getName().equals(name)
                && (event == null || event.equals(c.getLowCardinalityKeyValue("p2p.event").getValue()))));
    }

    /** Keeps the contexts of stopped observations: the test registry records them when they start. */
    static final class Stopped implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            contexts.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        private final boolean deny;

        Handlers(Environment environment) {
            this.deny = environment.getProperty("test.deny", Boolean.class, false);
        }

        @OnOffer
        boolean offer(Offer offer) {
            return !deny;
        }

        @OnData
        void received(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
        }
    }
}
