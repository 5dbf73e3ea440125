package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.peer.HandlerDispatch;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.Received;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The {@code @OnData} methods of one message that take the same payload type share one value, bound once. */
class PayloadBindingTest {

    record Line(String from, String text) {
    }

    @Test
    void twoMethodsTakingTheSameRecordGetOneBindingPerMessage() {
        new ApplicationContextRunner().withUserConfiguration(CountingPeerConfiguration.class)
                .withBean(TwoLineHandlers.class)
                .run(context -> {
                    Peer peer = context.getBean(Peer.class).start();
                    TwoLineHandlers handlers = context.getBean(TwoLineHandlers.class);
                    try (Peer remote = remotePeer()) {
                        Connection connection = remote.connect(peer.name());
                        for (int i = 0; i < 3; i++) {
                            connection.send(new Line("remote", "line " + i));
                        }
                        await().atMost(WAIT).until(() -> handlers.second.size() == 3);
                    }
                    for (int i = 0; i < 3; i++) {
                        assertThat(handlers.first.get(i)).isEqualTo(new Line("remote", "line " + i))
                                .isSameAs(handlers.second.get(i));
                    }
                    assertThat(context.getBean(LineBindings.class).count()).isEqualTo(3);
                });
    }

    @Test
    void eachMethodDeclaresItsPayloadTypeToThePeer() throws Exception {
        assertThat(handlerFor("line").payloadType()).isEqualTo(Line.class);
        assertThat(handlerFor("lines").payloadType())
                .isEqualTo(ResolvableType.forClassWithGenerics(List.class, Line.class).getType());
        assertThat(handlerFor("received").payloadType()).isNull();
        assertThat(handlerFor("nothing").payloadType()).isNull();
    }

    private static DataMethodHandler handlerFor(String name) {
        Method method = List.of(Declarations.class.getDeclaredMethods()).stream()
                .filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
        HandlerSignature signature = new HandlerSignatureChecker(ArgumentResolvers.standard())
                .check("declarations", method, new HandlerDeclaration(HandlerEvent.DATA, method.getAnnotation(OnData.class)));
        return new DataMethodHandler(new HandlerMethod(signature, new Declarations(), method, 0),
                new HandlerInvoker(new HandlerErrorHandler(new DefaultP2pErrorHandler(false))), HandlerDispatch.EXECUTOR);
    }

    static class Declarations {
        @OnData
        void line(Connection connection, Line line) {
        }

        @OnData
        void lines(List<Line> lines, Received received) {
        }

        @OnData
        void received(Received received) {
        }

        @OnData
        void nothing() {
        }
    }

    static class TwoLineHandlers {

        final List<Line> first = new CopyOnWriteArrayList<>();
        final List<Line> second = new CopyOnWriteArrayList<>();

        @OnData
        void first(Line line) {
            first.add(line);
        }

        @OnData
        void second(Line line) {
            second.add(line);
        }
    }

    /** Counts the {@link Line}s the application's mapper binds. */
    static final class LineBindings {

        private final AtomicInteger count = new AtomicInteger();

        int count() {
            return count.get();
        }

        JsonMapper mapper() {
            return JsonMapper.builder()
                    .addModule(new SimpleModule("counting-lines").addDeserializer(Line.class, new StdDeserializer<>(Line.class) {
                        @Override
                        public Line deserialize(JsonParser parser, DeserializationContext context) {
                            count.incrementAndGet();
                            JsonNode node = context.readTree(parser);
                            return new Line(node.path("from").asString(), node.path("text").asString());
                        }
                    }))
                    .build();
        }
    }

    /** {@link HandlerTestConfiguration}'s registrar and loopback peer, the peer's json over a counting mapper. */
    @Configuration(proxyBeanMethods = false)
    static class CountingPeerConfiguration {

        @Bean
        static P2pHandlerRegistrar p2pHandlerRegistrar() {
            return new P2pHandlerRegistrar();
        }

        @Bean
        LineBindings lineBindings() {
            return new LineBindings();
        }

        @Bean
        Peer peer(LineBindings lineBindings) {
            return Peer.create(PeerConfig.builder().address("127.0.0.1")
                    .codecs(PayloadCodecs.standard(lineBindings.mapper())).build());
        }
    }
}
