package io.p2pboot.test;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Keeps a test's peer on loopback with free ports (over the application's configuration; what the
 * test sets itself wins) and adds
 * the {@link TestPeer} bean. Equal for equal settings, so contexts stay cached across test classes.
 */
final class P2pTestContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE = "p2pTest";
    static final String TEST_PEER_BEAN = "p2pTestPeer";

    private final boolean discovery;

    P2pTestContextCustomizer(boolean discovery) {
        this.discovery = discovery;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
        Map<String, Object> loopback = new LinkedHashMap<>();
        loopback.put("p2p.address", "127.0.0.1");
        loopback.put("p2p.port", "0");
        loopback.put("p2p.discovery.enabled", String.valueOf(discovery));
        loopback.put("p2p.discovery.port", "0");
        loopback.put("p2p.discovery.broadcast-address", "127.255.255.255");
        // Above the application's own configuration (its application.yml may name a LAN), below what
        // the test itself sets (@SpringBootTest properties, @TestPropertySource).
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, loopback);
        if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addFirst(source);
        }
        if (context instanceof BeanDefinitionRegistry registry && !registry.containsBeanDefinition(TEST_PEER_BEAN)) {
            RootBeanDefinition testPeer = new RootBeanDefinition(TestPeer.class);
            testPeer.setDestroyMethodName("close");
            registry.registerBeanDefinition(TEST_PEER_BEAN, testPeer);
        }
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof P2pTestContextCustomizer c && c.discovery == discovery;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(discovery);
    }
}
