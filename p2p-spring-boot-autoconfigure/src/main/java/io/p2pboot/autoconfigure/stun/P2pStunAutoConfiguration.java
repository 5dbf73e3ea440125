package io.p2pboot.autoconfigure.stun;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.P2pProperties;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With {@code p2p.stun.server} set, the peer learns its public mapping when it starts listening. */
@AutoConfiguration(after = P2pAutoConfiguration.class)
@ConditionalOnBean(Peer.class)
@ConditionalOnProperty("p2p.stun.server")
public class P2pStunAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StunMapping p2pStunMapping(Peer peer, PeerConfig config, P2pProperties properties) {
        P2pProperties.Stun stun = properties.getStun();
        // The request is a plain datagram: the peer's TLS settings do not apply to it.
        return new StunMapping(stun.getServer(), config.pipe().toBuilder().useSsl(false).tls(null).build(),
                stun.getTimeout()).attachTo(peer);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthDetails {

        @Bean
        @ConditionalOnMissingBean
        StunHealthDetails p2pStunHealthDetails(StunMapping mapping) {
            return new StunHealthDetails(mapping);
        }
    }
}
