package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classes without handler methods are inspected once; handler methods are found through superclasses and interfaces. */
class HandlerMethodDetectorTest {

    @Test
    void aClassWithoutHandlersIsInspectedOnce() {
        HandlerMethodDetector detector = new HandlerMethodDetector();
        for (int i = 0; i < 3; i++) {
            assertThat(detector.detect(Plain.class)).isEmpty();
            assertThat(detector.detect(String.class)).isEmpty();
        }
        assertThat(detector.inspections()).isEqualTo(2);
        assertThat(detector.isKnownWithoutHandlers(Plain.class)).isTrue();
    }

    @Test
    void handlersAreFoundOnSuperclassesAndInterfaces() {
        HandlerMethodDetector detector = new HandlerMethodDetector();
        Map<Method, List<HandlerDeclaration>> found = detector.detect(Child.class);
        assertThat(found.keySet()).extracting(Method::getName).containsExactlyInAnyOrder("inherited", "fromInterface");
        assertThat(found.values()).flatExtracting(declarations -> declarations)
                .extracting(HandlerDeclaration::event)
                .containsExactlyInAnyOrder(HandlerEvent.DATA, HandlerEvent.CLOSE);
        assertThat(detector.isKnownWithoutHandlers(Child.class)).isFalse();
    }

    @Test
    void beansOfAPlainClassAreScannedOnceInAContext() {
        runner().withBean("plain1", Plain.class).withBean("plain2", Plain.class).withBean("plain3", Plain.class)
                .run(context -> {
                    HandlerMethodDetector detector = context.getBean(P2pHandlerRegistrar.class).detector();
                    assertThat(detector.isKnownWithoutHandlers(Plain.class)).isTrue();
                    int before = detector.inspections();
                    context.getAutowireCapableBeanFactory().initializeBean(new Plain(), "plain4");
                    assertThat(detector.inspections()).isEqualTo(before);
                });
    }

    static class Plain {
        void notAHandler() {
        }
    }

    interface Closing {
        @OnClose
        void fromInterface();
    }

    static class Parent {
        @OnData
        void inherited(String text) {
        }
    }

    static class Child extends Parent implements Closing {
        @Override
        public void fromInterface() {
        }
    }
}
