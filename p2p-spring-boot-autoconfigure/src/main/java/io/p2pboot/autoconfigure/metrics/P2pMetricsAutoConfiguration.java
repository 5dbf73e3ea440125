package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.Peer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The peer's Micrometer meters, when Micrometer is on the classpath; bound by Boot's metrics support. */
@AutoConfiguration(after = P2pAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(Peer.class)
public class P2pMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    P2pMetrics p2pMetrics(Peer peer) {
        return new P2pMetrics(peer);
    }

    /** Times and counts the annotated handler methods' calls; a meter binder, so Boot binds it to the registry. */
    @Bean
    @ConditionalOnMissingBean
    HandlerMeters p2pHandlerMeters() {
        return new HandlerMeters();
    }
}
