package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.discovery.DnsSource;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.peer.Peer;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code p2p.dns.*} builds the peer's DNS source, runs rounds with broadcast off, and refuses
 * settings that could not work, naming the property. The names are documentation names, asked
 * of 127.0.0.1:1, where nothing answers: no query leaves this machine.
 */
class P2pDnsPropertiesTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false", "p2p.dns.servers=127.0.0.1:1",
                    "p2p.pipe.dns-timeout=200ms");

    private static DnsSource dnsSource(Peer peer) {
        List<PeerSource> sources = peer.discovery().orElseThrow().sources();
        return (DnsSource) sources.stream().filter(s -> s.kind().equals(PeerSource.DNS)).findFirst().orElseThrow();
    }

    @Test
    void namesPortAndIntervalMakeTheDnsSourceAndRoundsRunWithBroadcastOff() {
        runner.withPropertyValues("p2p.dns.names=_p2p._tcp.peers.example, Peers.Example", "p2p.dns.port=7000",
                "p2p.dns.interval=45s").run(context -> {
            Peer peer = context.getBean(Peer.class);
            assertThat(peer.discovery()).hasValueSatisfying(d -> {
                assertThat(d.config().enabled()).as("no broadcast").isFalse();
                assertThat(d.isRunning()).as("rounds run for the DNS names").isTrue();
            });
            DnsSource dns = dnsSource(peer);
            assertThat(dns.names()).containsExactly("_p2p._tcp.peers.example", "peers.example");
            assertThat(dns.port()).isEqualTo(7000);
            assertThat(dns.interval()).isEqualTo(Duration.ofSeconds(45));
            assertThat(dns.limit()).as("dns-timeout and a second").isEqualTo(Duration.ofMillis(1200));
        });
    }

    @Test
    void withoutNamesThereIsNoDnsSourceAndTheIntervalDefaultsTo30s() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
                .withPropertyValues("p2p.discovery.enabled=false").run(context -> {
                    assertThat(context.getBean(Peer.class).discovery()).isEmpty();
                    assertThat(context.getBean(P2pProperties.class).getDns().getInterval())
                            .isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void anAddressNameWithoutAPortFailsStartUpNamingBothProperties() {
        runner.withPropertyValues("p2p.dns.names=_p2p._tcp.peers.example,peers.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("p2p.dns.port is not set")
                        .hasMessageContaining("[peers.example]"));
    }

    @Test
    void aPortWithOnlySrvNamesFailsStartUp() {
        runner.withPropertyValues("p2p.dns.names=_p2p._tcp.peers.example", "p2p.dns.port=7000").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("p2p.dns.port is 7000 but p2p.dns.names has no A/AAAA name"));
    }

    @Test
    void serversWithoutNamesFailStartUp() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("p2p.dns.servers is set but p2p.dns.names is empty"));
    }

    @Test
    void badNamesServersPortsAndIntervalsAreRefusedNamingTheProperty() {
        runner.withPropertyValues("p2p.dns.names=peers.example:7000", "p2p.dns.port=7000").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("p2p.dns.names: DNS name 'peers.example:7000' has a port"));
        Map<String, String> refusals = Map.of(
                "p2p.dns.servers=dns.example:53", "p2p.dns.servers: 'dns.example:53' is not ip, ip:port or [ipv6]:port",
                "p2p.dns.port=0", "p2p.dns.port must be a port from 1 to 65535, was 0",
                "p2p.dns.port=65536", "p2p.dns.port must be a port from 1 to 65535, was 65536",
                "p2p.dns.interval=0s", "p2p.dns.interval must be a positive duration, was PT0S");
        refusals.forEach((bad, why) -> runner.withPropertyValues("p2p.dns.names=_p2p._tcp.peers.example", bad)
                .run(context -> assertThat(context).as(bad).hasFailed().getFailure().hasStackTraceContaining(why)));
    }

    @Test
    void serversTakeAnIpAloneOnPort53OrWithAPort() {
        P2pProperties.Dns dns = new P2pProperties.Dns();
        dns.setServers(List.of("127.0.0.1", " 127.0.0.1:5353 ", "::1", "[::1]:5353"));
        assertThat(dns.serverAddresses()).extracting(a -> a.getAddress().getHostAddress() + " " + a.getPort())
                .containsExactly("127.0.0.1 53", "127.0.0.1 5353", "0:0:0:0:0:0:0:1 53", "0:0:0:0:0:0:0:1 5353");
    }

    @Test
    void everyDnsPropertyIsInTheMetadataWithADescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> described = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            if (p.get("name").asString().startsWith("p2p.dns.") && p.has("description")) {
                described.add(p.get("name").asString());
            }
        }
        assertThat(described).containsExactlyInAnyOrder("p2p.dns.names", "p2p.dns.port", "p2p.dns.interval",
                "p2p.dns.servers");
    }
}
