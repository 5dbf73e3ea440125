package io.p2pboot.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.discovery.DiscoveredPeer;
import io.p2pboot.discovery.DnsmasqProcess;
import io.p2pboot.peer.Peer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * {@code p2p.dns.*} with broadcast off, in a whole web application asking a real DNS server
 * (dnsmasq on loopback): an SRV name and an A name give peers, published and shown in health tagged {@code dns}.
 */
class P2pDnsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Found found() {
            return new Found();
        }
    }

    static class Found {
        final List<PeerDiscoveredEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PeerDiscoveredEvent e) {
            events.add(e);
        }
    }

    private static String health(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void peersUnderAnSrvNameAndAnANameArePublishedAndShownInHealthTaggedDns() throws Exception {
        ServerSocket bySrv = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ServerSocket byA = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
        String srvPeer = "127.0.0.1:" + bySrv.getLocalPort();
        String aPeer = "127.0.0.2:" + byA.getLocalPort();
        try (bySrv; byA; DnsmasqProcess dns = DnsmasqProcess.start(List.of(
                "--srv-host=_p2p._tcp.p2p.test,one.p2p.test," + bySrv.getLocalPort(),
                "--host-record=one.p2p.test,127.0.0.1", "--host-record=peers.p2p.test,127.0.0.2"));
             ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "server.address=127.0.0.1", "p2p.address=127.0.0.1",
                        "p2p.discovery.enabled=false", "p2p.discovery.interval=100ms",
                        "p2p.dns.names=_p2p._tcp.p2p.test,peers.p2p.test", "p2p.dns.port=" + byA.getLocalPort(),
                        "p2p.dns.servers=127.0.0.1:" + dns.address().getPort(), "p2p.dns.interval=1s", "p2p.pipe.dns-timeout=500ms",
                        "management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Found found = context.getBean(Found.class);
            Peer peer = context.getBean(Peer.class);

            await().atMost(WAIT).until(() -> found.events.size() == 2);
            assertThat(found.events).allSatisfy(e -> {
                assertThat(e.getDiscovered().source()).isEqualTo("dns");
                assertThat(e.getPeer()).isSameAs(peer);
            });
            assertThat(found.events).extracting(e -> e.getDiscovered().name()).containsExactlyInAnyOrder(srvPeer, aPeer);
            assertThat(peer.discoveredPeers()).extracting(DiscoveredPeer::name).containsExactlyInAnyOrder(srvPeer, aPeer);
            for (String name : List.of(srvPeer, aPeer)) {
                assertThat(health(port)).containsPattern("\\{(\"name\":\"" + name + "\",\"source\":\"dns\""
                        + "|\"source\":\"dns\",\"name\":\"" + name + "\")\\}");
            }
        }
    }
}
