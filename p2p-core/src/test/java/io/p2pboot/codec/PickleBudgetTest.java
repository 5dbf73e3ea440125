package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.p2pboot.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile pickles, written opcode by opcode, that decode to values which explode when walked or
 * cost far more than their bytes; the default budgets refuse each quickly, naming the budget.
 */
class PickleBudgetTest {

    private static final Duration QUICKLY = Duration.ofSeconds(5);
    private final PicklePayloadCodec codec = new PicklePayloadCodec();

    // Opcodes, named as in CPython's pickletools.
    private static final int PROTO = 0x80;
    private static final int EMPTY_LIST = ']';
    private static final int EMPTY_DICT = '}';
    private static final int EMPTY_SET = 0x8f;
    private static final int MARK = '(';
    private static final int LIST = 'l';
    private static final int APPEND = 'a';
    private static final int MEMOIZE = 0x94;
    private static final int BINGET = 'h';
    private static final int BINFLOAT = 'G';
    private static final int DUP = '2';
    private static final int TUPLE2 = 0x86;
    private static final int REDUCE = 'R';
    private static final int NONE = 'N';
    private static final int SETITEM = 's';
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int STACK_GLOBAL = 0x93;
    private static final int STOP = '.';

    private static byte[] bytes(int... ops) {
        byte[] b = new byte[ops.length];
        for (int i = 0; i < ops.length; i++) {
            b[i] = (byte) ops[i];
        }
        return b;
    }

    private void refused(byte[] pickle, String... reason) {
        assertTimeoutPreemptively(QUICKLY, () -> {
            assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(pickle)))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("raw payload refused")
                    .hasMessageContainingAll(reason);
        });
    }

    /**
     * 40 levels, each a list holding the level below twice: 287 bytes for a value of 2^41 - 1
     * nodes when walked (its {@code hashCode} alone would take hours).
     */
    static byte[] sharedSubtreeBomb(int levels) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(bytes(PROTO, 4, EMPTY_LIST, MEMOIZE));          // memo[0] = []
        for (int i = 1; i <= levels; i++) {
            // MARK, BINGET i-1, BINGET i-1, LIST, MEMOIZE: memo[i] = [memo[i-1], memo[i-1]]
            p.writeBytes(bytes(MARK, BINGET, i - 1, BINGET, i - 1, LIST, MEMOIZE));
        }
        p.write(STOP);
        return p.toByteArray();
    }

    @Test
    void aValueOfSharedSubtreesIsRefusedByItsExpandedNodeCount() {
        byte[] bomb = sharedSubtreeBomb(40);
        assertThat(bomb).hasSizeLessThan(300);
        refused(bomb, "max-nodes=16777216");
    }

    @Test
    void sharingWithinTheNodeBudgetIsAccepted() throws Exception {
        List<?> value = (List<?>) codec.decode(Unpooled.wrappedBuffer(sharedSubtreeBomb(20)));
        assertThat(value.get(0)).isSameAs(value.get(1));
    }

    @Test
    void aSharedLongStringCountsItsLengthEachTimeItIsUsed() {
        // A 64 KiB string (8 Ki nodes), then a list of 4,096 references to it: 32 Mi nodes.
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(bytes(PROTO, 4, 'X'));                           // BINUNICODE, 4-byte length
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(65536).array());
        p.writeBytes(new byte[65536]);
        p.writeBytes(bytes(MEMOIZE, EMPTY_LIST));                     // memo[0] = the string; []
        for (int i = 0; i < 4096; i++) {
            p.writeBytes(bytes(BINGET, 0, APPEND));                  // list.append(memo[0])
        }
        p.write(STOP);
        refused(p.toByteArray(), "max-nodes");
    }

    @Test
    void aListThatContainsItselfIsRefused() {
        // PROTO 4, EMPTY_LIST, MEMOIZE (memo[0]), BINGET 0, APPEND, STOP: l = []; l.append(l)
        refused(bytes(PROTO, 4, EMPTY_LIST, MEMOIZE, BINGET, 0, APPEND, STOP), "contains itself", "cycles");
    }

    @Test
    void anIndirectCycleIsRefused() {
        // a = []; b = []; b.append(a); a.append(b)
        // PROTO 4, EMPTY_LIST, MEMOIZE, EMPTY_LIST, MEMOIZE, BINGET 0, APPEND, APPEND, STOP
        refused(bytes(PROTO, 4, EMPTY_LIST, MEMOIZE, EMPTY_LIST, MEMOIZE, BINGET, 0, APPEND, APPEND, STOP),
                "changed after it was placed", "cycles");
    }

    @Test
    void aFloodOfEmptyContainersIsRefusedByObjectsPerByte() {
        for (int op : new int[] {EMPTY_SET, EMPTY_DICT, EMPTY_LIST}) {
            // PROTO 4, then 200,000 EMPTY_SET (or EMPTY_DICT, EMPTY_LIST) left on the stack, STOP
            byte[] flood = new byte[200_003];
            flood[0] = (byte) PROTO;
            flood[1] = 4;
            java.util.Arrays.fill(flood, 2, flood.length - 1, (byte) op);
            flood[flood.length - 1] = STOP;
            refused(flood, "max-objects-per-byte=1.0");
        }
    }

    @Test
    void aFloodOfValuesLeftOnTheStackIsRefusedByTheStackBudget() {
        for (int op : new int[] {NONE, ')'}) {
            // PROTO 4, then three million NONE (or EMPTY_TUPLE) never placed in any container, STOP:
            // no object allocated, yet the stack would hold them all (as it would hold empty sets,
            // 64 bytes of heap each, within one object per byte)
            byte[] flood = new byte[3_000_003];
            flood[0] = (byte) PROTO;
            flood[1] = 4;
            java.util.Arrays.fill(flood, 2, flood.length - 1, (byte) op);
            flood[flood.length - 1] = STOP;
            refused(flood, "max-stack=1048576");
        }
    }

    @Test
    void containersNestedTooDeeplyAreRefused() {
        // 300 EMPTY_LIST then 299 APPEND: [[[...]]] 300 deep
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(bytes(PROTO, 4));
        for (int i = 0; i < 300; i++) {
            p.write(EMPTY_LIST);
        }
        for (int i = 1; i < 300; i++) {
            p.write(APPEND);
        }
        p.write(STOP);
        refused(p.toByteArray(), "max-depth=256");
    }

    @Test
    void complexDictKeysThatAllHashAlikeAreRefused() {
        // d = {}; for x in range(30000): d[complex(x, x)] = None   (Pyrolite hashes each to 0)
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(bytes(PROTO, 4, SHORT_BINUNICODE, 8));
        p.writeBytes("builtins".getBytes());
        p.writeBytes(bytes(SHORT_BINUNICODE, 7));
        p.writeBytes("complex".getBytes());
        p.writeBytes(bytes(STACK_GLOBAL, MEMOIZE, EMPTY_DICT));       // memo[0] = complex; {}
        for (int x = 0; x < 30_000; x++) {
            p.writeBytes(bytes(BINGET, 0, BINFLOAT));                 // complex, x (8 bytes, big-endian)
            p.writeBytes(ByteBuffer.allocate(8).putDouble(x).array());
            p.writeBytes(bytes(DUP, TUPLE2, REDUCE, NONE, SETITEM));  // d[complex(x, x)] = None
        }
        p.write(STOP);
        refused(p.toByteArray(), "complex number as a dict key");
    }

    /** d = {}; for k in 1..n/2: v = k << 32 | k; d[v] = None; d[float with v's bits] = None. */
    static byte[] mixedCollidingKeys(int n) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(bytes(PROTO, 4, EMPTY_DICT, MARK));
        for (long k = 1; k <= n / 2; k++) {
            long v = (k << 32) | k;                                 // Long.hashCode(v) == 0
            p.writeBytes(bytes(0x8a, 8));                             // LONG1, 8 bytes little-endian
            p.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            p.write(NONE);
            p.write(BINFLOAT);                                        // a Double with the same bits: hash 0
            p.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
            p.write(NONE);
        }
        p.writeBytes(bytes('u', STOP));                               // SETITEMS, STOP
        return p.toByteArray();
    }

    @Test
    void keysOfMixedTypesThatShareAHashAreRefused() throws Exception {
        refused(mixedCollidingKeys(20_000), "share one hash");
        // a few such keys, and keys of mixed types that do not collide, are fine
        assertThat((Map<?, ?>) codec.decode(Unpooled.wrappedBuffer(mixedCollidingKeys(8)))).hasSize(8);
        Map<Object, Object> mixed = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            mixed.put(i, "int");
            mixed.put(i + 0.5, "float");
            mixed.put("k" + i, "str");
        }
        ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, mixed);
        try {
            assertThat(codec.decode(buf)).isEqualTo(mixed);
        } finally {
            buf.release();
        }
    }

    @Test
    void realisticValuesPassTheDefaultBudgets() throws Exception {
        List<Object> ints = new ArrayList<>();
        List<Object> strings = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            ints.add(i % 1000);
            strings.add("s" + i);
        }
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> level = deep;
        for (int i = 0; i < 100; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            level.put("k" + i, next);
            level.put("n", i);
            level = next;
        }
        for (Object value : List.of(ints, strings, deep)) {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, value);
            try {
                assertThat(codec.decode(buf)).isEqualTo(value);
            } finally {
                buf.release();
            }
        }
    }
}
