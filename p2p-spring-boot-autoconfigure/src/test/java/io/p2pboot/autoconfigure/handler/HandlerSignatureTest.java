package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.pipe.CloseReason;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A handler method that cannot work for its event stops the application at start-up, naming bean, method and fault. */
class HandlerSignatureTest {

    static Stream<Arguments> badHandlers() {
        return Stream.of(
                Arguments.of(OfferReturningVoid.class, "@OnOffer", "OfferReturningVoid.decide(Offer)",
                        "must return boolean (whether to accept the offer), but returns void"),
                Arguments.of(OfferReturningString.class, "@OnOffer", "OfferReturningString.decide()",
                        "must return boolean (whether to accept the offer), but returns java.lang.String"),
                Arguments.of(TwoPayloads.class, "@OnData", "TwoPayloads.both(String, Connection, Integer)",
                        "has two payload parameters (0 and 2) but a message has one; "
                                + "the others may be Peer, Connection, Received, DataType"),
                Arguments.of(PayloadOnClose.class, "@OnClose", "PayloadOnClose.closed(CloseReason, String)",
                        "has parameter 1 of type java.lang.String that cannot be supplied; @OnClose methods take "
                                + "Peer, Connection, CloseReason, DataType"),
                Arguments.of(ConnectionOnListen.class, "@OnListen", "ConnectionOnListen.listening(Connection)",
                        "has parameter 0 of type io.p2pboot.peer.Connection that cannot be supplied; "
                                + "@OnListen methods take Peer"),
                Arguments.of(OfferOnConnection.class, "@OnConnection", "OfferOnConnection.connected(Offer)",
                        "has parameter 0 of type io.p2pboot.peer.Offer that cannot be supplied; "
                                + "@OnConnection methods take Peer, Connection, DataType"),
                Arguments.of(StaticHandler.class, "@OnData", "StaticHandler.data(String)",
                        "must not be static"),
                Arguments.of(FutureReply.class, "@OnData", "FutureReply.data(String)",
                        "returns java.util.concurrent.CompletableFuture<java.lang.String>, but what an @OnData method "
                                + "returns is sent as its reply: return the reply itself (or void)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHandlers")
    void aMismatchedSignatureFailsStartUpNamingBeanAndMethod(Class<?> type, String annotation, String method,
                                                             String fault) {
        runner().withBean("badHandlers", type).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidHandlerMethodException.class)
                    .hasMessageStartingWith(annotation + " method ")
                    .hasMessageContaining(method)
                    .hasMessageContaining("on bean 'badHandlers'")
                    .hasMessageEndingWith(fault);
        });
    }

    static class FutureReply {
        @OnData
        CompletableFuture<String> data(String text) {
            return CompletableFuture.completedFuture(text);
        }
    }

    static class OfferReturningVoid {
        @OnOffer
        void decide(Offer offer) {
        }
    }

    static class OfferReturningString {
        @OnOffer
        String decide() {
            return "yes";
        }
    }

    static class TwoPayloads {
        @OnData
        void both(String text, Connection connection, Integer number) {
        }
    }

    static class PayloadOnClose {
        @OnClose
        void closed(CloseReason reason, String payload) {
        }
    }

    static class ConnectionOnListen {
        @OnListen
        void listening(Connection connection) {
        }
    }

    static class OfferOnConnection {
        @OnConnection
        void connected(Offer offer) {
        }
    }

    static class StaticHandler {
        @OnData
        static void data(String text) {
        }
    }
}
