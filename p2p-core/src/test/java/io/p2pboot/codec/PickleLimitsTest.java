package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.p2pboot.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each configured limit moves the line between what the raw codec accepts and refuses. */
class PickleLimitsTest {

    private static Object roundTrip(PickleLimits limits, Object value) throws ProtocolException {
        PicklePayloadCodec codec = new PicklePayloadCodec(limits);
        ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, value);
        try {
            return codec.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static List<Object> nested(int depth) {
        List<Object> value = new ArrayList<>();
        for (int i = 1; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(value);
            value = outer;
        }
        return value;
    }

    @Test
    void maxDepthIsTheDeepestNestingAccepted() throws Exception {
        PickleLimits limits = PickleLimits.of(1000, 3, 1.0);
        assertThat(roundTrip(limits, nested(3))).isEqualTo(nested(3));
        assertThatThrownBy(() -> roundTrip(limits, nested(4))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("max-depth=3");
        assertThat(roundTrip(PickleLimits.of(1000, 400, 1.0), nested(300))).isEqualTo(nested(300));
    }

    @Test
    void maxNodesCountsEveryElementAndTheContainer() throws Exception {
        PickleLimits limits = PickleLimits.of(11, 10, 1.0);
        List<Integer> ten = Collections.nCopies(10, 7);
        assertThat(roundTrip(limits, new ArrayList<>(ten))).isEqualTo(ten);
        assertThatThrownBy(() -> roundTrip(limits, new ArrayList<>(Collections.nCopies(11, 7))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("max-nodes=11");
    }

    @Test
    void maxObjectsPerByteScalesWithThePickleLength() throws Exception {
        // 100,000 small ints, two bytes each (BININT1): about 0.5 objects per byte.
        List<Integer> ints = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ints.add(i % 200);
        }
        assertThat(roundTrip(PickleLimits.of(1 << 20, 10, 0.6), new ArrayList<>(ints))).isEqualTo(ints);
        assertThatThrownBy(() -> roundTrip(PickleLimits.of(1 << 20, 10, 0.1), new ArrayList<>(ints)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("max-objects-per-byte=0.1");
    }

    @Test
    void maxStackBoundsTheItemsOfOneTuple() throws Exception {
        Object[] twenty = new Object[20];
        java.util.Arrays.fill(twenty, 1);
        assertThat((Object[]) roundTrip(PickleLimits.of(100, 10, 1.0, 32), twenty)).hasSize(20);
        assertThatThrownBy(() -> roundTrip(PickleLimits.of(100, 10, 1.0, 16), twenty))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("max-stack=16");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> PickleLimits.of(1, 1, 1, 15)).hasMessageContaining("maxStack");
        assertThatThrownBy(() -> PickleLimits.of(0, 1, 1)).hasMessageContaining("maxNodes");
        assertThatThrownBy(() -> PickleLimits.of(1, 0, 1)).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> PickleLimits.of(1, 1, 0)).hasMessageContaining("maxObjectsPerByte");
        assertThatThrownBy(() -> PickleLimits.of(1, 1, Double.NaN)).hasMessageContaining("maxObjectsPerByte");
    }
}
