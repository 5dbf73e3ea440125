package io.p2pboot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.Peer;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code p2p} health indicator reports the peer's state and backs off when disabled. */
class P2pHealthContributorAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class, P2pHealthContributorAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    @Test
    void upWhileListeningWithDetailsAndDownOnceStopped() {
        runner.run(context -> {
            P2pHealthIndicator indicator = context.getBean(P2pHealthIndicator.class);
            Peer peer = context.getBean(Peer.class);
            Health up = indicator.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("name", peer.name()).containsEntry("connections", 0);
            peer.stop();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void downWithTheReasonWhenThePeerCouldNotListen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("p2p.port=" + taken.getLocalPort(), "p2p.fail-fast=false").run(context -> {
                Health health = context.getBean(P2pHealthIndicator.class).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("error")).contains("could not listen on 127.0.0.1:"
                        + taken.getLocalPort());
            });
        }
    }

    @Test
    void backsOffWhenDisabledOrWithoutHealthSupport() {
        runner.withPropertyValues("management.health.p2p.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(P2pHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(P2pHealthIndicator.class).hasSingleBean(Peer.class));
        runner.withPropertyValues("p2p.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(P2pHealthIndicator.class));
    }
}
