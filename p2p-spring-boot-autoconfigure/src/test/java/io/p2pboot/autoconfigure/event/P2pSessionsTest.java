package io.p2pboot.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.autoconfigure.P2pAutoConfiguration;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.peer.SessionExpiredException;
import io.p2pboot.peer.SessionFullException;
import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code p2p.sessions.*} on the auto-configured peer, against a real peer on loopback: off by
 * default; on, its connections carry a session whose window is {@code max-unacked}, and a session
 * whose peer stays away past {@code resume-within} ends with a {@link SessionExpiredEvent}.
 */
class P2pSessionsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withUserConfiguration(P2pApplicationEventsTest.Events.class)
            .withPropertyValues("p2p.discovery.enabled=false");

    static Peer otherWithSessions(CountDownLatch release) throws Exception {
        Peer other = Peer.create(PeerConfig.builder().sessions(SessionConfig.defaults())
                .stopTimeout(Duration.ofMillis(500)).build());
        other.onData((c, r) -> release.await());
        return other.start();
    }

    @Test
    void sessionsAreOffByDefault() throws Exception {
        CountDownLatch release = new CountDownLatch(0);
        runner.run(context -> {
            Peer peer = context.getBean(Peer.class);
            assertThat(peer.config().sessions()).isNull();
            try (Peer other = otherWithSessions(release)) {
                assertThat(peer.connect(other.name()).hasSession()).isFalse();
            }
        });
    }

    @Test
    void maxUnackedBoundsWhatASessionKeeps() {
        CountDownLatch release = new CountDownLatch(1);
        runner.withPropertyValues("p2p.sessions.enabled=true", "p2p.sessions.max-unacked=1KB").run(context -> {
            Peer peer = context.getBean(Peer.class);
            assertThat(peer.config().sessions().maxUnacked()).isEqualTo(1024);
            try (Peer other = otherWithSessions(release)) {
                Connection c = peer.connect(other.name(), ConnectOptions.of(DataType.BYTES));
                assertThat(c.hasSession()).isTrue();
                CompletableFuture<Void> first = c.sendAsync(new byte[1024]);
                assertThat(c.sendAsync(new byte[1])).failsWithin(Duration.ZERO)
                        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(SessionFullException.class);
                release.countDown();
                first.get();
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void aSessionWhosePeerStaysAwayPastResumeWithinIsPublished() {
        CountDownLatch release = new CountDownLatch(1);
        runner.withPropertyValues("p2p.sessions.enabled=true", "p2p.sessions.resume-within=300ms").run(context -> {
            Peer peer = context.getBean(Peer.class);
            P2pApplicationEventsTest.Events events = context.getBean(P2pApplicationEventsTest.Events.class);
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            try (Peer other = otherWithSessions(release)) {
                Connection c = peer.connect(other.name());
                for (int i = 0; i < 3; i++) {
                    sent.add(c.send(i));
                }
                long begun = System.nanoTime();
                other.stop(); // its handler holds the first message: none is acknowledged
                await().atMost(WAIT).until(() -> events.seen.stream().anyMatch(SessionExpiredEvent.class::isInstance));
                assertThat(System.nanoTime() - begun).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            } finally {
                release.countDown();
            }
            SessionExpiredEvent expired = events.seen.stream().filter(SessionExpiredEvent.class::isInstance)
                    .map(SessionExpiredEvent.class::cast).findFirst().orElseThrow();
            assertThat(expired.getUndelivered()).isEqualTo(3);
            assertThat(expired.getPeer()).isSameAs(peer);
            assertThat(expired.getReason()).contains("3 message(s)");
            assertThat(sent).allSatisfy(f -> assertThat(f).failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(SessionExpiredException.class));
        });
    }
}
