package io.p2pboot.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The auto-configured peer's connections and discovery results reach {@code @EventListener} methods. */
class P2pApplicationEventsTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Discovery off unless a test turns it on (and then only on loopback). */
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withUserConfiguration(Events.class)
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void connectionLifecycleIsPublishedAsApplicationEvents() {
        runner.run(context -> {
            Peer peer = context.getBean(Peer.class);
            Events events = context.getBean(Events.class);
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                Connection c = other.connect(peer.name(), ConnectOptions.of(DataType.BYTES));
                await().atMost(WAIT).until(() -> events.seen.size() == 1);
                c.close();
                await().atMost(WAIT).until(() -> events.seen.size() == 2);
            }
            assertThat(events.seen.get(0)).isInstanceOf(ConnectionOpenedEvent.class);
            assertThat(((ConnectionOpenedEvent) events.seen.get(0)).getConnection().dataType()).isEqualTo(DataType.BYTES);
            assertThat(((ConnectionClosedEvent) events.seen.get(1)).getReason().kind()).isEqualTo(CloseReason.Kind.REMOTE);
            assertThat(events.seen.get(1).getPeer()).isSameAs(peer);
        });
    }

    @Test
    void anApplicationsOwnPeerBeanPublishesItsConnectionsToo() {
        runner.withUserConfiguration(OwnPeer.class).run(context -> {
            Peer peer = context.getBean(Peer.class);
            assertThat(peer).isSameAs(context.getBean(OwnPeer.class).peer);
            Events events = context.getBean(Events.class);
            try (Peer other = Peer.create(PeerConfig.builder().build()).start()) {
                other.connect(peer.name(), ConnectOptions.of(DataType.BYTES)).close();
                await().atMost(WAIT).until(() -> events.seen.size() == 2);
            }
            assertThat(events.seen).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("ConnectionOpenedEvent", "ConnectionClosedEvent");
            assertThat(events.seen.get(0).getPeer()).isSameAs(peer);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPeer {
        final Peer peer = Peer.create(PeerConfig.builder().maxConnections(5).build());

        @Bean
        Peer myOwnPeer() {
            return peer;
        }
    }

    @Test
    void discoveryResultsArePublishedAsApplicationEvents() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        runner.withPropertyValues("p2p.discovery.enabled=true", "p2p.discovery.port=" + port,
                        "p2p.discovery.broadcast-address=127.255.255.255", "p2p.discovery.interval=300ms",
                        "p2p.discovery.window=1s", "p2p.discovery.quiet-period=500ms", "p2p.discovery.lost-after=2")
                .run(context -> {
                    Events events = context.getBean(Events.class);
                    PeerConfig other = context.getBean(PeerConfig.class).toBuilder().port(0).build();
                    Peer neighbour = Peer.create(other).start();
                    await().atMost(Duration.ofSeconds(10)).until(() -> events.seen.stream().anyMatch(e ->
                            e instanceof PeerDiscoveredEvent d && d.getDiscovered().name().equals(neighbour.name())));
                    neighbour.stop();
                    await().atMost(Duration.ofSeconds(10)).until(() -> events.seen.stream().anyMatch(e ->
                            e instanceof PeerLostEvent l && l.getLost().name().equals(neighbour.name())));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Events {
        final List<P2pEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(P2pEvent event) {
            seen.add(event);
        }
    }
}
