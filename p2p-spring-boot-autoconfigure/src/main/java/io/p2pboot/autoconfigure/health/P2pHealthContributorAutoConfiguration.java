package io.p2pboot.autoconfigure.health;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.PeerLifecycle;
import io.p2pboot.peer.Peer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code p2p} health indicator, when health support is on the classpath ({@code management.health.p2p.enabled}). */
@AutoConfiguration(after = P2pAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Peer.class)
@ConditionalOnEnabledHealthIndicator("p2p")
public class P2pHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "p2pHealthIndicator")
    P2pHealthIndicator p2pHealthIndicator(Peer peer, ObjectProvider<PeerLifecycle> lifecycle,
                                          ObjectProvider<P2pHealthDetails> moreDetails) {
        return new P2pHealthIndicator(peer, lifecycle.getIfAvailable(), moreDetails.orderedStream().toList());
    }
}
