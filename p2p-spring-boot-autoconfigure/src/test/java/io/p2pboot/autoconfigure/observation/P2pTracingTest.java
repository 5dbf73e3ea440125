package io.p2pboot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer Tracing (its test tracer here), each handler call is a span, current while the
 * method runs, and an offer's handler span is a child of the offer's span.
 */
class P2pTracingTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pObservationAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false")
            .withUserConfiguration(Tracing.class, Handlers.class);

    @Test
    void eachHandlerCallIsASpanCurrentWhileTheMethodRuns() {
        runner.run(context -> {
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            Handlers handlers = context.getBean(Handlers.class);
            try (Peer other = Peer.create(PeerConfig.builder().address("127.0.0.1").build()).start()) {
                other.connect(context.getBean(Peer.class).name()).send("hello");
                other.connections().values().iterator().next().send("again");
                await().atMost(Duration.ofSeconds(5)).until(() -> ended(tracer, "p2p data Handlers.received").size() == 2);
                List<SimpleSpan> spans = ended(tracer, "p2p data Handlers.received");
                assertThat(spans).extracting(SimpleSpan::getSpanId).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(handlers.currentSpans);
                assertThat(spans.get(0).getTags()).containsEntry("p2p.event", "data")
                        .containsEntry("p2p.handler", "Handlers.received").containsEntry("p2p.peer", other.name());

                SimpleSpan offer = ended(tracer, "p2p offer").get(0);
                SimpleSpan offerHandler = ended(tracer, "p2p offer Handlers.offer").get(0);
                assertThat(offerHandler.getTraceId()).isEqualTo(offer.getTraceId());
                assertThat(offerHandler.getParentId()).isEqualTo(offer.getSpanId());
            }
        });
    }

    private static List<SimpleSpan> ended(SimpleTracer tracer, String name) {
        return tracer.getSpans().stream().filter(s -> name.equals(s.getName()) && s.getEndTimestamp() != null
                && s.getEndTimestamp().toEpochMilli() > 0).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class Tracing {

        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        ObservationRegistry observationRegistry(SimpleTracer tracer) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        final List<String> currentSpans = new CopyOnWriteArrayList<>();
        private final SimpleTracer tracer;

        Handlers(SimpleTracer tracer) {
            this.tracer = tracer;
        }

        @OnOffer
        boolean offer(Offer offer) {
            return true;
        }

        @OnData
        void received(String text) {
            currentSpans.add(Optional.ofNullable(tracer.currentSpan()).map(s -> s.context().spanId()).orElse("none"));
        }
    }
}
