package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.pipe.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two peers that dial each other at once keep one connection, the same on both sides. */
class PeerCrossedDialTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void ofTwoCrossedDialsBothSidesKeepTheOneDialledByTheLowerName() throws Exception {
        List<CloseReason> closed = new CopyOnWriteArrayList<>();
        try (Peer a = Peer.create(PeerConfig.builder().build()).onClose((c, r) -> closed.add(r)).start();
             Peer b = Peer.create(PeerConfig.builder().build()).onClose((c, r) -> closed.add(r)).start()) {
            Peer lower = a.name().compareTo(b.name()) < 0 ? a : b;
            for (int round = 0; round < 20; round++) {
                int closedBefore = closed.size();
                CompletableFuture<?> ab = a.connectAsync(b.name(), ConnectOptions.defaults()).exceptionally(e -> null);
                CompletableFuture<?> ba = b.connectAsync(a.name(), ConnectOptions.defaults()).exceptionally(e -> null);
                CompletableFuture.allOf(ab, ba).join();

                await().atMost(WAIT).untilAsserted(() -> {
                    Connection atA = a.connection(b.name()).orElseThrow();
                    Connection atB = b.connection(a.name()).orElseThrow();
                    assertThat(atA.isOpen()).isTrue();
                    assertThat(atB.isOpen()).isTrue();
                    assertThat(atA.pipe().localAddress()).as("one TCP connection").isEqualTo(atB.remoteAddress());
                    assertThat(atA.remoteAddress()).isEqualTo(atB.pipe().localAddress());
                    // When the dials did not meet (one finished before the other began, so the second
                    // reused the first), the first is kept whoever dialled it; when they crossed, the
                    // lower name's is.
                    boolean crossed = closed.subList(closedBefore, closed.size()).stream()
                            .anyMatch(r -> r.detail().startsWith("a duplicate"));
                    if (crossed) {
                        assertThat((atA.peer() == lower ? atA : atB).dialled()).as("dialled by the lower name").isTrue();
                    }
                });
                a.connection(b.name()).orElseThrow().close();
                await().atMost(WAIT).until(() -> a.connections().isEmpty() && b.connections().isEmpty());
            }
            // 14 of 20 rounds crossed in a typical run: the dials did meet, and each loser says why.
            assertThat(closed).filteredOn(r -> r.detail().startsWith("a duplicate")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.kind()).isEqualTo(CloseReason.Kind.REPLACED));
        }
    }
}
