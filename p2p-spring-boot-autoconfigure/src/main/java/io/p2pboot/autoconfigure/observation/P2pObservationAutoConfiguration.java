package io.p2pboot.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import io.p2pboot.autoconfigure.PeerConfigCustomizer;
import io.p2pboot.peer.Peer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer observations of the peer's handler methods, connects and offers, when the application
 * has an {@link ObservationRegistry} (Boot's, with Actuator); without one nothing is observed and
 * nothing is paid. A {@link HandlerObservationConvention}, {@link ConnectObservationConvention} or
 * {@link OfferObservationConvention} bean replaces the default one. Connects and offers are
 * observed on the auto-configured peer (through its {@code PeerConfig}); handler methods on the
 * peer they are registered on.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, Peer.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
public class P2pObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HandlerObservationInterceptor p2pHandlerObservationInterceptor(ObservationRegistry registry,
            ObjectProvider<HandlerObservationConvention> convention) {
        return new HandlerObservationInterceptor(registry, convention.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    PeerObservations p2pPeerObservations(ObservationRegistry registry,
            ObjectProvider<ConnectObservationConvention> connectConvention,
            ObjectProvider<OfferObservationConvention> offerConvention) {
        return new PeerObservations(registry, connectConvention.getIfUnique(), offerConvention.getIfUnique());
    }

    /** Puts the observations on the auto-configured peer's configuration. */
    @Bean
    PeerConfigCustomizer p2pPeerObservationsCustomizer(PeerObservations observations) {
        return config -> config.observer(observations);
    }
}
