package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Handlers of one event run by the method's {@code @Order}, else the bean's, whatever order the beans were declared in. */
class HandlerOrderTest {

    @Test
    void methodOrderComesFirstThenTheBeansOrder() {
        runner().withBean(Unordered.class).withBean(OrderedBean.class).withBean(AnnotatedBean.class)
                .withBean(MixedBean.class)
                .run(context -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    Peer peer = context.getBean(Peer.class).start();
                    try (Peer remote = remotePeer()) {
                        remote.connect(peer.name()).send("go");
                        await().atMost(WAIT).until(() -> recorder.events().size() == 5);
                    }
                    assertThat(recorder.events()).containsExactly(
                            "mixed method order 1", "annotated bean order 5", "ordered bean 10",
                            "mixed bean order 20", "unordered");
                });
    }

    static class Unordered {

        private final Recorder recorder;

        Unordered(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void last() {
            recorder.add("unordered");
        }
    }

    static class OrderedBean implements Ordered {

        private final Recorder recorder;

        OrderedBean(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public int getOrder() {
            return 10;
        }

        @OnData
        void ten() {
            recorder.add("ordered bean 10");
        }
    }

    @Order(5)
    static class AnnotatedBean {

        private final Recorder recorder;

        AnnotatedBean(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void five() {
            recorder.add("annotated bean order 5");
        }
    }

    @Order(20)
    static class MixedBean {

        private final Recorder recorder;

        MixedBean(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        @Order(1)
        void first() {
            recorder.add("mixed method order 1");
        }

        @OnData
        void second() {
            recorder.add("mixed bean order 20");
        }
    }
}
