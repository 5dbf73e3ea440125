package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * {@link HandlerInterceptor} beans run around each handler method call, in order, the first
 * outermost; they see the call's event, method, data type and peer, and what the method returns
 * or throws passes through them.
 */
class HandlerInterceptorTest {

    @Test
    void interceptorsRunAroundEachCallInOrderAndSeeWhatIsCalled() {
        runner().withBean(Handlers.class).withUserConfiguration(TwoInterceptors.class).run(context -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        remote.connect(peer.name()).send("hello");
                        await().atMost(WAIT).until(() -> recorder.events().contains("outer after data"));
                        String call = "data Handlers.received json " + remote.name();
                        assertThat(recorder.events()).containsSubsequence("outer before " + call,
                                "inner before " + call, "received hello", "inner after data", "outer after data");
                    }
                });
    }

    @Test
    void whatAMethodThrowsPassesThroughTheInterceptorsToTheErrorHandling() {
        runner().withBean(Handlers.class).withUserConfiguration(OneInterceptor.class).run(context -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        Connection connection = remote.connect(peer.name());
                        connection.send("boom");
                        connection.send("after");
                        await().atMost(WAIT).until(() -> recorder.events().contains("received after"));
                        assertThat(recorder.events()).contains("only failed data IllegalStateException");
                        assertThat(connection.isOpen()).isTrue();
                    }
                });
    }

    @Test
    void anOfferMethodsAnswerPassesThroughTheInterceptors() {
        runner().withBean(Denying.class).withUserConfiguration(OneInterceptor.class).run(context -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        assertThatThrownBy(() -> remote.connect(peer.name()))
                                .isInstanceOf(ConnectionDeniedException.class);
                        assertThat(recorder.events()).contains("only returned offer false");
                    }
                });
    }

    /** Writes down the calls it sees. */
    record Named(String name, Recorder recorder) implements HandlerInterceptor {

        @Override
        public Object intercept(HandlerInvocation invocation) throws Exception {
            recorder.add(name + " before " + invocation.event() + " " + invocation.handlerName() + " "
                    + (invocation.dataType() == null ? "none" : invocation.dataType().name().toLowerCase(Locale.ROOT))
                    + " " + invocation.remotePeer());
            try {
                Object result = invocation.proceed();
                recorder.add(name + " returned " + invocation.event() + " " + result);
                return result;
            } catch (Exception e) {
                recorder.add(name + " failed " + invocation.event() + " " + e.getClass().getSimpleName());
                throw e;
            } finally {
                recorder.add(name + " after " + invocation.event());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoInterceptors {

        @Bean
        @Order(2)
        HandlerInterceptor inner(Recorder recorder) {
            return new Named("inner", recorder);
        }

        @Bean
        @Order(1)
        HandlerInterceptor outer(Recorder recorder) {
            return new Named("outer", recorder);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OneInterceptor {

        @Bean
        HandlerInterceptor only(Recorder recorder) {
            return new Named("only", recorder);
        }
    }

    static class Handlers {
        private final Recorder recorder;

        Handlers(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void received(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            recorder.add("received " + text);
        }
    }

    static class Denying {

        @OnOffer
        boolean offer(Offer offer) {
            return false;
        }
    }
}
