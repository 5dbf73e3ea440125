package io.p2pboot.autoconfigure.cloud;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.P2pProperties;
import io.p2pboot.autoconfigure.health.P2pHealthDetails;
import io.p2pboot.autoconfigure.metrics.P2pMeter;
import io.p2pboot.peer.Peer;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.pipe.Transport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryProperties;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Peers found through the application's Spring Cloud service registries, and this peer published
 * in its own registration. Active when {@code spring-cloud-commons} is on the classpath and the
 * application has a {@link DiscoveryClient} bean (off with {@code p2p.cloud.enabled=false}): a
 * {@link RegistryPeerSource} joins the peer's sources (and runs discovery rounds even with
 * {@code p2p.discovery.enabled=false}), and a {@link RegistrationMetadataPublisher} writes
 * {@code p2p.port} and {@code p2p.address} into the registration.
 */
@AutoConfiguration(after = P2pAutoConfiguration.class, afterName = {
        "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.CommonsClientAutoConfiguration"})
@ConditionalOnClass({DiscoveryClient.class, Peer.class})
@ConditionalOnBooleanProperty(name = "p2p.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "p2p.cloud.enabled", matchIfMissing = true)
@ConditionalOnBean({DiscoveryClient.class, P2pProperties.class})
public class P2pCloudAutoConfiguration {

    /** Every registry of the application: each {@code DiscoveryClient} bean but the composite of them all. */
    @Bean
    @ConditionalOnMissingBean
    RegistryPeerSource p2pRegistryPeerSource(P2pProperties properties, Environment environment,
                                             ObjectProvider<DiscoveryClient> clients, ObjectProvider<Transport> transport) {
        String serviceId = properties.getCloud().getServiceId();
        if (serviceId == null) {
            serviceId = environment.getProperty("spring.application.name", "application");
        }
        PipeConfig resolving = PipeConfig.builder().dnsTimeout(properties.getPipe().getDnsTimeout())
                .loop(transport.getIfAvailable()).build();
        return new RegistryPeerSource(serviceId, () -> clients.orderedStream()
                .filter(c -> !(c instanceof CompositeDiscoveryClient)).toList(), resolving);
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryChangeRounds p2pRegistryChangeRounds(ObjectProvider<Peer> peer) {
        return new RegistryChangeRounds(peer::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    RegistrationMetadataPublisher p2pRegistrationMetadataPublisher(ObjectProvider<Peer> peer, P2pProperties properties,
                                                                   ObjectProvider<RegistrationMetadata> registries) {
        return new RegistrationMetadataPublisher(peer::getIfAvailable, properties.getAdvertisedAddress(),
                registries.orderedStream().toList());
    }

    /** ZooKeeper's registration takes its metadata from {@code spring.cloud.zookeeper.discovery.metadata}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ZookeeperRegistration.class, ZookeeperDiscoveryProperties.class})
    static class ZookeeperMetadata {

        @Bean
        @ConditionalOnBean(ZookeeperDiscoveryProperties.class)
        RegistrationMetadata p2pZookeeperRegistrationMetadata(ZookeeperDiscoveryProperties zookeeper) {
            return registration -> registration instanceof ZookeeperRegistration ? zookeeper.getMetadata() : null;
        }
    }

    /** The registry's state in the {@code p2p} health details, as {@code registry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Health.class)
    static class RegistryHealth {

        @Bean
        P2pHealthDetails p2pRegistryHealthDetails(RegistryPeerSource registry) {
            return builder -> builder.withDetail("registry", registry.status().details());
        }
    }

    /** The count of skipped instances as a meter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class RegistryMeters {

        @Bean
        MeterBinder p2pRegistryMeters(RegistryPeerSource registry) {
            P2pMeter meter = P2pMeter.REGISTRY_INSTANCES_SKIPPED;
            return meters -> FunctionCounter.builder(meter.meterName(), registry,
                            RegistryPeerSource::skippedInstancesTotal)
                    .baseUnit(meter.baseUnit()).description(meter.description()).register(meters);
        }
    }
}
