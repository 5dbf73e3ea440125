package io.p2pboot.autoconfigure.mesh;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.P2pProperties;
import io.p2pboot.mesh.Backoff;
import io.p2pboot.mesh.Mesh;
import io.p2pboot.mesh.MeshConfig;
import io.p2pboot.mesh.MeshFilter;
import io.p2pboot.peer.Peer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The peer joins a mesh ({@code p2p.mesh.enabled=true}): it connects to the peers its sources find,
 * chosen by a {@link MeshFilter} bean if there is one, and keeps those connections. Handlers need
 * no change: the mesh's connections are the peer's.
 */
@AutoConfiguration(after = P2pAutoConfiguration.class)
@ConditionalOnBean(Peer.class)
@ConditionalOnBooleanProperty("p2p.mesh.enabled")
public class P2pMeshAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Mesh p2pMesh(Peer peer, P2pProperties properties, ObjectProvider<MeshFilter> filter,
                 ApplicationEventPublisher events) {
        P2pProperties.Mesh mesh = properties.getMesh();
        P2pProperties.Mesh.Reconnect reconnect = mesh.getReconnect();
        Backoff backoff;
        try {
            backoff = new Backoff(reconnect.getInitial(), reconnect.getMax(), reconnect.getMultiplier());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("p2p.mesh.reconnect: " + e.getMessage(), e);
        }
        MeshConfig config = new MeshConfig(mesh.getMaxPeers(), backoff, mesh.getGiveUpAfter(),
                filter.getIfAvailable(() -> MeshFilter.ALL));
        return Mesh.attach(peer, config).addListener(new MeshEventPublisher(peer, events));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthDetails {

        @Bean
        @ConditionalOnMissingBean
        MeshHealthDetails p2pMeshHealthDetails(Mesh mesh) {
            return new MeshHealthDetails(mesh);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Meters {

        @Bean
        @ConditionalOnMissingBean
        MeshMetrics p2pMeshMetrics(Mesh mesh) {
            return new MeshMetrics(mesh);
        }
    }
}
