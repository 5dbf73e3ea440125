package io.p2pboot.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Finds {@link P2pTest} on a test class (or its enclosing classes) and customizes its context for it. */
class P2pTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        MergedAnnotation<P2pTest> test = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
                .get(P2pTest.class);
        return test.isPresent() ? new P2pTestContextCustomizer(test.getBoolean("discovery")) : null;
    }
}
