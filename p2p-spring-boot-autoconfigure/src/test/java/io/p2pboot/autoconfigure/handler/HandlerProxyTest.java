package io.p2pboot.autoconfigure.handler;

import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.WAIT;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.remotePeer;
import static io.p2pboot.autoconfigure.handler.HandlerTestConfiguration.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.peer.Peer;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Handler methods on advised beans are found on the user's class and called through the proxy,
 * whether the proxy was made before the registrar saw the bean or after.
 */
class HandlerProxyTest {

    @Test
    void classProxyMadeBeforeTheRegistrarIsCalledThroughTheProxy() {
        runner().withUserConfiguration(EarlyProxies.class).withBean("advised", Advised.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean("advised"))).isTrue();
            assertAdviceSeesTheCall(context.getBean(Peer.class), context.getBean(Recorder.class), "advice onText",
                    "handled hello");
        });
    }

    @Test
    void classProxyMadeAfterTheRegistrarIsCalledThroughTheProxy() {
        runner().withUserConfiguration(LateProxies.class).withBean("advised", Advised.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean("advised"))).isTrue();
            assertAdviceSeesTheCall(context.getBean(Peer.class), context.getBean(Recorder.class), "advice onText",
                    "handled hello");
        });
    }

    @Test
    void interfaceProxyIsCalledThroughItsInterfaceMethod() {
        runner().withUserConfiguration(InterfaceProxies.class).withBean("listener", TextListenerBean.class)
                .run(context -> {
                    assertThat(AopUtils.isJdkDynamicProxy(context.getBean("listener"))).isTrue();
                    assertAdviceSeesTheCall(context.getBean(Peer.class), context.getBean(Recorder.class),
                            "advice text", "listener hello");
                });
    }

    private static void assertAdviceSeesTheCall(Peer peer, Recorder recorder, String advice, String handled)
            throws Exception {
        peer.start();
        try (Peer remote = remotePeer()) {
            remote.connect(peer.name()).send("hello");
            await().atMost(WAIT).until(() -> recorder.events().size() == 2);
        }
        assertThat(recorder.events()).containsExactly(advice, handled);
    }

    static class Advised {

        private final Recorder recorder;

        Advised(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnData
        void onText(String text) {
            recorder.add("handled " + text);
        }
    }

    interface TextListener {

        void text(String text);
    }

    static class TextListenerBean implements TextListener {

        private final Recorder recorder;

        TextListenerBean(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        @OnData
        public void text(String text) {
            recorder.add("listener " + text);
        }
    }

    /** Wraps the beans of one type in a proxy whose advice records each call. */
    static class RecordingProxies implements BeanPostProcessor {

        private final Class<?> type;
        private final boolean proxyTargetClass;
        private final Recorder recorder;

        RecordingProxies(Class<?> type, boolean proxyTargetClass, Recorder recorder) {
            this.type = type;
            this.proxyTargetClass = proxyTargetClass;
            this.recorder = recorder;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!type.isInstance(bean)) {
                return bean;
            }
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setProxyTargetClass(proxyTargetClass);
            factory.addAdvice((MethodInterceptor) invocation -> {
                recorder.add("advice " + invocation.getMethod().getName());
                return invocation.proceed();
            });
            return factory.getProxy(getClass().getClassLoader());
        }
    }

    /** Ordered, so it runs before the (unordered) registrar, as Spring's auto-proxy creator does. */
    static class OrderedRecordingProxies extends RecordingProxies implements Ordered {

        OrderedRecordingProxies(Class<?> type, boolean proxyTargetClass, Recorder recorder) {
            super(type, proxyTargetClass, recorder);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyProxies {

        @Bean
        static OrderedRecordingProxies recordingProxies(Recorder recorder) {
            return new OrderedRecordingProxies(Advised.class, true, recorder);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LateProxies {

        @Bean
        static RecordingProxies recordingProxies(Recorder recorder) {
            return new RecordingProxies(Advised.class, true, recorder);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InterfaceProxies {

        @Bean
        static RecordingProxies recordingProxies(Recorder recorder) {
            return new RecordingProxies(TextListener.class, false, recorder);
        }
    }
}
