package io.p2pboot.autoconfigure.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.autoconfigure.health.P2pHealthContributorAutoConfiguration;
import io.p2pboot.autoconfigure.health.P2pHealthIndicator;
import io.p2pboot.peer.Peer;
import io.p2pboot.stun.StunServerProcess;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code p2p.stun.server}: a real coturn on loopback answers, and health shows the mapping, or why there is none. */
class P2pStunAutoConfigurationTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pStunAutoConfiguration.class,
                    P2pHealthContributorAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void noStunUnlessAServerIsNamed() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(StunMapping.class);
            assertThat(context.getBean(P2pHealthIndicator.class).health(true).getDetails()).doesNotContainKey("stun");
        });
    }

    @Test
    void healthShowsTheMappingARealStunServerGives() throws Exception {
        try (StunServerProcess coturn = StunServerProcess.start()) {
            String server = "127.0.0.1:" + coturn.ipv4Address().getPort();
            runner.withPropertyValues("p2p.stun.server=" + server).run(context -> {
                Peer peer = context.getBean(Peer.class);
                P2pHealthIndicator health = context.getBean(P2pHealthIndicator.class);
                await().atMost(WAIT).until(() -> "mapped".equals(stun(health).get("status")));
                assertThat(stun(health).get("server")).isEqualTo(server);
                // On loopback there is no NAT: the server sees the peer's own IP, from a port of its own.
                assertThat((String) stun(health).get("mappedAddress")).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                assertThat(peer.isListening()).isTrue();
            });
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsShownAsFailedAndThePeerStaysUp() throws Exception {
        int silent;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silent = free.getLocalPort();
        }
        runner.withPropertyValues("p2p.stun.server=127.0.0.1:" + silent, "p2p.stun.timeout=200ms", "p2p.pipe.send-retry=1")
                .run(context -> {
                    P2pHealthIndicator health = context.getBean(P2pHealthIndicator.class);
                    await().atMost(WAIT).until(() -> "failed".equals(stun(health).get("status")));
                    assertThat((String) stun(health).get("error")).isNotBlank();
                    assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void aServerThatIsNotHostAndPortFailsStartupNamingTheProperty() {
        runner.withPropertyValues("p2p.stun.server=stun.example").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("p2p.stun.server"));
    }

    private static Map<?, ?> stun(P2pHealthIndicator health) {
        return (Map<?, ?>) health.health(true).getDetails().get("stun");
    }
}
