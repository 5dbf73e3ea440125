package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.p2pboot.protocol.DataType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A peer's observer hears of each connect and each offer it decides, and how they ended. */
class PeerObserverTest {

    /** Writes down what it is told, one line per call. */
    static final class Notes implements PeerObserver {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public Attempt connecting(String address, DataType dataType) {
            lines.add("connecting " + address + " " + dataType.name() + " on " + Thread.currentThread().getName());
            return attempt("connect");
        }

        @Override
        public Attempt offered(Offer offer) {
            lines.add("offered " + offer.dataType().name());
            return attempt("offer");
        }

        private Attempt attempt(String what) {
            return new Attempt() {
                @Override
                public boolean deciding(BooleanSupplier decision) {
                    lines.add(what + " deciding");
                    return decision.getAsBoolean();
                }

                @Override
                public void succeeded() {
                    lines.add(what + " succeeded");
                }

                @Override
                public void denied() {
                    lines.add(what + " denied");
                }

                @Override
                public void failed(Throwable error) {
                    lines.add(what + " failed " + error.getClass().getSimpleName());
                }
            };
        }
    }

    @Test
    void aConnectAndTheOfferItMakesAreObservedOnBothSides() throws Exception {
        Notes dialler = new Notes();
        Notes listener = new Notes();
        try (Peer a = Peer.create(PeerConfig.builder().observer(dialler).build()).start();
             Peer b = Peer.create(PeerConfig.builder().observer(listener).dataType(DataType.BYTES).build()).start()) {
            b.onOffer((p, offer) -> true);
            a.connect(b.name(), ConnectOptions.of(DataType.BYTES));
            assertThat(dialler.lines).containsExactly(
                    "connecting " + b.name() + " BYTES on " + Thread.currentThread().getName(), "connect succeeded");
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.lines.size() == 3);
            assertThat(listener.lines).containsExactly("offered BYTES", "offer deciding", "offer succeeded");
        }
    }

    @Test
    void aDeniedOfferFailsTheConnectWithConnectionDenied() throws Exception {
        Notes dialler = new Notes();
        Notes listener = new Notes();
        try (Peer a = Peer.create(PeerConfig.builder().observer(dialler).build()).start();
             Peer b = Peer.create(PeerConfig.builder().observer(listener).build()).start()) {
            b.onOffer((p, offer) -> false);
            assertThatThrownBy(() -> a.connect(b.name())).isInstanceOf(ConnectionDeniedException.class);
            assertThat(dialler.lines).endsWith("connect failed ConnectionDeniedException");
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.lines.contains("offer denied"));
        }
    }

    @Test
    void anObserverThatThrowsChangesNothing() throws Exception {
        PeerObserver broken = new PeerObserver() {
            @Override
            public Attempt connecting(String address, DataType dataType) {
                throw new IllegalStateException("broken observer");
            }

            @Override
            public Attempt offered(Offer offer) {
                return new Attempt() {
                    @Override
                    public boolean deciding(BooleanSupplier decision) {
                        throw new IllegalStateException("broken attempt");
                    }

                    @Override
                    public void succeeded() {
                        throw new IllegalStateException("broken attempt");
                    }
                };
            }
        };
        try (Peer a = Peer.create(PeerConfig.builder().observer(broken).build()).start();
             Peer b = Peer.create(PeerConfig.builder().observer(broken).build()).start()) {
            b.onOffer((p, offer) -> true);
            Connection c = a.connect(b.name());
            assertThat(c.isOpen()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> b.connections().size() == 1);
        }
    }
}
