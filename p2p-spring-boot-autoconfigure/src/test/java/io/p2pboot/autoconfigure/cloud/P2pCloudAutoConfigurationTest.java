package io.p2pboot.autoconfigure.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.P2pProperties;
import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The conditions of the Spring Cloud auto-configuration, and what its beans do in a context of
 * Spring Cloud's own discovery clients: the simple one from properties, and the application's own.
 * Addresses from TEST-NET-2 are listed, never dialled.
 */
class P2pCloudAutoConfigurationTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SIMPLE = "spring.cloud.discovery.client.simple.instances.chat";
    /** The simple client's own instance takes this machine's first non-loopback address and asks DNS its name: not here. */
    static final String NO_HOST_LOOKUP = "spring.cloud.inetutils.ignored-interfaces=.*";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, UtilAutoConfiguration.class,
                    SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
                    P2pCloudAutoConfiguration.class))
            .withPropertyValues("p2p.address=127.0.0.1", "p2p.discovery.enabled=false", "p2p.discovery.interval=100ms",
                    "spring.application.name=chat", NO_HOST_LOOKUP);

    @Test
    void theServicesInstancesAreFoundTaggedRegistryAtTheirP2pMetadata() {
        runner.withPropertyValues(SIMPLE + "[0].uri=http://198.51.100.7:8080",
                        SIMPLE + "[0].metadata.[p2p.port]=5001",
                        SIMPLE + "[1].uri=http://198.51.100.20:8080",
                        SIMPLE + "[1].metadata.[p2p.port]=5002",
                        SIMPLE + "[1].metadata.[p2p.address]=198.51.100.8",
                        "spring.cloud.discovery.client.simple.instances.other[0].uri=http://198.51.100.9:8080",
                        "spring.cloud.discovery.client.simple.instances.other[0].metadata.[p2p.port]=5003")
                .run(context -> {
                    assertThat(context.getBean(PeerConfig.class).sources()).extracting(PeerSource::kind)
                            .containsExactly("registry");
                    Peer peer = context.getBean(Peer.class);
                    await().atMost(WAIT).until(() -> peer.discoveredPeers().size() == 2);
                    assertThat(peer.discoveredPeers()).extracting(DiscoveredPeer::name)
                            .containsExactly("198.51.100.7:5001", "198.51.100.8:5002");
                    assertThat(peer.discoveredPeers()).extracting(DiscoveredPeer::source).containsOnly("registry");
                    RegistryPeerSource registry = context.getBean(RegistryPeerSource.class);
                    await().atMost(WAIT).until(() -> registry.status().peers() == 2);
                    assertThat(registry.status().state()).isEqualTo("UP");
                });
    }

    @Test
    void instancesWithoutUsableMetadataAreSkippedAndCountedOnce() {
        runner.withPropertyValues(SIMPLE + "[0].uri=http://198.51.100.7:8080",
                        SIMPLE + "[0].metadata.[p2p.port]=5001",
                        SIMPLE + "[1].uri=http://198.51.100.10:8080",
                        SIMPLE + "[2].uri=http://198.51.100.11:8080",
                        SIMPLE + "[2].metadata.[p2p.port]=080",
                        SIMPLE + "[3].uri=http://198.51.100.12:8080",
                        SIMPLE + "[3].metadata.[p2p.port]=5004",
                        SIMPLE + "[3].metadata.[p2p.address]=not an address")
                .run(context -> {
                    RegistryPeerSource registry = context.getBean(RegistryPeerSource.class);
                    await().atMost(WAIT).until(() -> registry.status().skippedInstances() == 3);
                    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> registry.skippedInstancesTotal() == 3);
                    assertThat(context.getBean(Peer.class).discoveredPeers()).extracting(DiscoveredPeer::name)
                            .containsExactly("198.51.100.7:5001");
                });
    }

    @Test
    void theServiceIsTheApplicationsNameUnlessP2pCloudServiceIdSaysOtherwise() {
        runner.run(context -> assertThat(context.getBean(RegistryPeerSource.class).serviceId()).isEqualTo("chat"));
        runner.withPropertyValues("p2p.cloud.service-id=peers")
                .run(context -> assertThat(context.getBean(RegistryPeerSource.class).serviceId()).isEqualTo("peers"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class,
                        UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
                        P2pCloudAutoConfiguration.class))
                .withPropertyValues("p2p.address=127.0.0.1", "p2p.discovery.enabled=false", NO_HOST_LOOKUP)
                .run(context -> assertThat(context.getBean(RegistryPeerSource.class).serviceId())
                        .isEqualTo("application"));
    }

    @Test
    void withoutSpringCloudCommonsThereIsNoRegistrySource() {
        runner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class)).run(context -> {
            assertThat(context).hasSingleBean(Peer.class).doesNotHaveBean(RegistryPeerSource.class)
                    .doesNotHaveBean(RegistrationMetadataPublisher.class);
            assertThat(context.getBean(PeerConfig.class).sources()).isEmpty();
            assertThat(context.getBean(PeerConfig.class).discovery()).as("no rounds at all").isNull();
        });
    }

    @Test
    void p2pCloudEnabledFalseTurnsItOff() {
        runner.withPropertyValues("p2p.cloud.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(RegistryPeerSource.class)
                    .doesNotHaveBean(RegistrationMetadataPublisher.class);
            assertThat(context.getBean(PeerConfig.class).sources()).isEmpty();
        });
    }

    @Test
    void withoutADiscoveryClientBeanItStaysInert() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pCloudAutoConfiguration.class))
                .withPropertyValues("p2p.address=127.0.0.1", "p2p.discovery.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(Peer.class).doesNotHaveBean(RegistryPeerSource.class);
                    assertThat(context.getBean(PeerConfig.class).sources()).isEmpty();
                });
    }

    @Test
    void p2pEnabledFalseTurnsItOffToo() {
        runner.withPropertyValues("p2p.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Peer.class).doesNotHaveBean(RegistryPeerSource.class));
    }

    /** A registry of the application's own, whose answers the test changes. */
    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        static final List<ServiceInstance> instances = new CopyOnWriteArrayList<>();
        static final AtomicInteger queries = new AtomicInteger();
        static volatile @Nullable RuntimeException failure;

        @Bean
        DiscoveryClient ownDiscoveryClient() {
            return new DiscoveryClient() {
                @Override
                public String description() {
                    return "own registry";
                }

                @Override
                public List<ServiceInstance> getInstances(String serviceId) {
                    queries.incrementAndGet();
                    RuntimeException f = failure;
                    if (f != null) {
                        throw f;
                    }
                    return instances.stream().filter(i -> i.getServiceId().equals(serviceId)).toList();
                }

                @Override
                public List<String> getServices() {
                    return List.of("chat");
                }
            };
        }
    }

    private static ServiceInstance instance(String id, String host, Map<String, String> metadata) {
        return new DefaultServiceInstance(id, "chat", host, 8080, false, metadata);
    }

    @Test
    void aHeartbeatRunsARoundAtOnceAndAFailingRegistryIsDownUntilItAnswers() {
        OwnRegistry.instances.clear();
        OwnRegistry.failure = null;
        runner.withUserConfiguration(OwnRegistry.class).withPropertyValues("p2p.discovery.interval=1h")
                .run(context -> {
                    RegistryPeerSource registry = context.getBean(RegistryPeerSource.class);
                    Peer peer = context.getBean(Peer.class);
                    await().atMost(WAIT).until(() -> registry.status().isUp());
                    int asked = OwnRegistry.queries.get();
                    OwnRegistry.instances.add(instance("b", "198.51.100.7", Map.of("p2p.port", "5001")));
                    context.publishEvent(new HeartbeatEvent(this, 1L));
                    await().atMost(WAIT).until(() -> registry.status().peers() == 1);
                    await().atMost(WAIT).until(() -> peer.discoveredPeers().stream()
                            .anyMatch(p -> p.name().equals("198.51.100.7:5001") && p.source().equals("registry")));
                    assertThat(OwnRegistry.queries.get()).as("asked once more, between rounds an hour apart")
                            .isEqualTo(asked + 1);

                    OwnRegistry.failure = new IllegalStateException("connection refused");
                    context.publishEvent(new HeartbeatEvent(this, 2L));
                    await().atMost(WAIT).until(() -> "DOWN".equals(registry.status().state()));
                    assertThat(registry.status().error()).isEqualTo("own registry: connection refused");
                    assertThat(registry.find(null)).failsWithin(WAIT);

                    OwnRegistry.failure = null;
                    assertThat(registry.find(null)).succeedsWithin(WAIT).asList().hasSize(1);
                    // the status follows the answer in a stage of its own, which may run just after
                    await().atMost(WAIT).until(() -> registry.status().isUp());
                });
    }

    @Test
    void thisPeerIsNotItsOwnPeer() {
        OwnRegistry.instances.clear();
        OwnRegistry.failure = null;
        runner.withUserConfiguration(OwnRegistry.class).run(context -> {
            Peer peer = context.getBean(Peer.class);
            String port = peer.name().substring(peer.name().lastIndexOf(':') + 1);
            OwnRegistry.instances.add(instance("self", "127.0.0.1", Map.of("p2p.port", port)));
            OwnRegistry.instances.add(instance("other", "198.51.100.7", Map.of("p2p.port", "5001")));
            assertThat(context.getBean(RegistryPeerSource.class).find(peer.name())).succeedsWithin(WAIT).asList()
                    .extracting(Object::toString).containsExactly("/198.51.100.7:5001");
        });
    }

    /** A registration as a registry's own would be: its metadata a mutable map, or one that refuses writes. */
    record TestRegistration(Map<String, String> metadata) implements Registration {
        @Override
        public String getServiceId() {
            return "chat";
        }

        @Override
        public String getHost() {
            return "127.0.0.1";
        }

        @Override
        public int getPort() {
            return 8080;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public URI getUri() {
            return URI.create("http://127.0.0.1:8080");
        }

        @Override
        public Map<String, String> getMetadata() {
            return metadata;
        }
    }

    @Test
    void theRegistrationCarriesThePeersPortAndAddressBeforeItRegisters() {
        runner.run(context -> {
            Peer peer = context.getBean(Peer.class);
            Map<String, String> metadata = new HashMap<>(Map.of("zone", "a"));
            context.publishEvent(new InstancePreRegisteredEvent(this, new TestRegistration(metadata)));
            assertThat(metadata).containsEntry("zone", "a")
                    .containsEntry("p2p.port", Integer.toString(peer.address().getPort()))
                    .containsEntry("p2p.address", "127.0.0.1");
        });
        runner.withPropertyValues("p2p.advertised-address=198.51.100.7").run(context -> {
            Map<String, String> metadata = new HashMap<>();
            context.publishEvent(new InstancePreRegisteredEvent(this, new TestRegistration(metadata)));
            assertThat(metadata).containsEntry("p2p.address", "198.51.100.7");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryProperties {
        static final Map<String, String> metadata = new HashMap<>();

        @Bean
        RegistrationMetadata propertiesMetadata() {
            return registration -> registration instanceof TestRegistration ? metadata : null;
        }
    }

    @Test
    void aRegistrationThatRefusesMetadataGetsItThroughItsRegistrysOwnMap() {
        runner.run(context -> {
            TestRegistration readOnly = new TestRegistration(Collections.emptyMap());
            assertThat(context.getBean(RegistrationMetadataPublisher.class).publish(readOnly))
                    .as("no registry to ask: told, not thrown").isFalse();
        });
        RegistryProperties.metadata.clear();
        runner.withUserConfiguration(RegistryProperties.class).run(context -> {
            context.publishEvent(new InstancePreRegisteredEvent(this, new TestRegistration(Collections.emptyMap())));
            assertThat(RegistryProperties.metadata).containsKeys("p2p.port", "p2p.address");
        });
    }

    @Test
    void aPeerOnEveryInterfacePublishesNoAddressSoOthersUseTheRegistrationsHost() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThat(RegistrationMetadataPublisher.publishedAddress(null, any)).isNull();
        assertThat(RegistrationMetadataPublisher.publishedAddress(null, InetAddress.getByName("::"))).isNull();
        assertThat(RegistrationMetadataPublisher.publishedAddress("198.51.100.7", any)).isEqualTo("198.51.100.7");
        assertThat(RegistrationMetadataPublisher.publishedAddress(null, InetAddress.getByName("0:0:0:0:0:0:0:1")))
                .isEqualTo("::1");
    }

    @Test
    void anAdvertisedAddressIsAnIpOthersCanReach() {
        runner.withPropertyValues("p2p.advertised-address=0.0.0.0").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("p2p.advertised-address").hasMessageContaining("wildcard"));
        runner.withPropertyValues("p2p.advertised-address=peer-a.example.internal").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("p2p.advertised-address must be an IP address"));
        runner.withPropertyValues("p2p.advertised-address=0:0:0:0:0:0:0:1").run(context -> assertThat(context
                .getBean(P2pProperties.class).getAdvertisedAddress()).isEqualTo("::1"));
    }

    @Test
    void thePropertiesAreDescribedInTheConfigurationMetadata() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> described = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            if (p.has("description")) {
                described.add(p.get("name").asString());
            }
        }
        assertThat(described).contains("p2p.cloud.enabled", "p2p.cloud.service-id", "p2p.advertised-address");
    }
}
