package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.codec.PickleLimits;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw (pickle) message over a decoding budget closes its connection with the budget as the
 * reason, and the peer goes on serving other connections.
 */
class PeerPickleBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private Peer bob;
    private Peer alice;

    @AfterEach
    void stop() {
        if (alice != null) {
            alice.stop();
        }
        if (bob != null) {
            bob.stop();
        }
    }

    private void start(PickleLimits limits) throws Exception {
        bob = Peer.create(PeerConfig.builder().dataType(DataType.RAW)
                .codecs(PayloadCodecs.standard(JsonMapper.builder().build(), limits)).build()).start();
        alice = Peer.create(PeerConfig.builder().dataType(DataType.RAW).build()).start();
    }

    private RawPeer connectedRaw() throws Exception {
        RawPeer raw = new RawPeer(bob.address());
        raw.sendHeader("HELLO|peer_name=127.0.0.1:" + (43000 + (int) (Math.random() * 1000))
                + "&data_type=raw&strict=True");
        assertThat(raw.readHeader()).isEqualTo("ACCEPT");
        return raw;
    }

    /** Sends {@code pickle} as a raw message and returns the reason its connection closed with. */
    private CloseReason refusedOverTheWire(byte[] pickle, List<Object> delivered) throws Exception {
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        bob.onClose((c, r) -> closed.complete(r)).onData((c, d) -> delivered.add(d.value()));
        try (RawPeer raw = connectedRaw()) {
            raw.sendData("raw", pickle);
            CloseReason reason = closed.get(5, TimeUnit.SECONDS);
            assertThat(raw.closedByOtherSide()).isTrue();
            return reason;
        }
    }

    private void stillServes(List<Object> delivered) throws Exception {
        Connection c = alice.connect(bob.name());
        c.send(List.of("still", "here"));
        await().atMost(WAIT).until(() -> delivered.contains(List.of("still", "here")));
        c.close();
    }

    @Test
    void aSharedSubtreeBombClosesItsConnectionNamingTheNodeBudget() throws Exception {
        start(PickleLimits.defaults());
        // memo[0] = []; then 40 times: MARK, BINGET i-1, BINGET i-1, LIST, MEMOIZE (2^41 - 1 nodes)
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes(new byte[] {(byte) 0x80, 4, ']', (byte) 0x94});
        for (int i = 1; i <= 40; i++) {
            bomb.writeBytes(new byte[] {'(', 'h', (byte) (i - 1), 'h', (byte) (i - 1), 'l', (byte) 0x94});
        }
        bomb.write('.');
        List<Object> delivered = new CopyOnWriteArrayList<>();
        CloseReason reason = refusedOverTheWire(bomb.toByteArray(), delivered);
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).contains("max-nodes=16777216");
        assertThat(delivered).isEmpty();
        stillServes(delivered);
    }

    @Test
    void aSelfReferencingListClosesItsConnectionAsACycle() throws Exception {
        start(PickleLimits.defaults());
        // PROTO 4, EMPTY_LIST, MEMOIZE, BINGET 0, APPEND, STOP: l = []; l.append(l)
        byte[] cycle = {(byte) 0x80, 4, ']', (byte) 0x94, 'h', 0, 'a', '.'};
        List<Object> delivered = new CopyOnWriteArrayList<>();
        CloseReason reason = refusedOverTheWire(cycle, delivered);
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PROTOCOL);
        assertThat(reason.detail()).contains("cycles");
        assertThat(delivered).isEmpty();
        stillServes(delivered);
    }

    @Test
    void configuredLimitsApplyToTheConnectionsOfThePeer() throws Exception {
        start(PickleLimits.of(1000, 3, 1.0));
        // [[[[]]]]: PROTO 4, EMPTY_LIST x4, APPEND x3, STOP
        byte[] fourDeep = {(byte) 0x80, 4, ']', ']', ']', ']', 'a', 'a', 'a', '.'};
        List<Object> delivered = new CopyOnWriteArrayList<>();
        CloseReason reason = refusedOverTheWire(fourDeep, delivered);
        assertThat(reason.detail()).contains("max-depth=3");
        stillServes(delivered);
    }
}
