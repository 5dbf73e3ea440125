package io.p2pboot.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.p2pboot.codec.BytesPayloadCodec;
import io.p2pboot.protocol.DataType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Buffers in and out of a bytes connection without copies: a view of what was received, a wrap of what is sent. */
class ZeroCopyTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Peer> peers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        peers.forEach(Peer::stop);
    }

    private Peer started(PeerHandlers.DataHandler... handlers) throws Exception {
        Peer p = Peer.create(PeerConfig.builder().dataType(DataType.BYTES).build()).start();
        for (PeerHandlers.DataHandler h : handlers) {
            p.onData(h);
        }
        peers.add(p);
        return p;
    }

    /** What a handler saw: the value's class, whether read-only, its bytes (copied in the call), the value itself. */
    private record Seen(Object value, boolean readOnly, byte[] bytes) {
    }

    private record Reading(Type type, List<Seen> seen) implements PeerHandlers.DataHandler {
        @Override
        public void onData(Connection connection, Received data) {
            Object v = data.value();
            if (v instanceof ByteBuf b) {
                byte[] copy = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), copy);
                seen.add(new Seen(b, b.isReadOnly(), copy));
            } else if (v instanceof ByteBuffer b) {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                seen.add(new Seen(b, b.isReadOnly(), copy));
            } else {
                seen.add(new Seen(v, false, (byte[]) v));
            }
        }

        @Override
        public Type payloadType() {
            return type;
        }
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private void sendTo(Peer to, byte[]... messages) throws Exception {
        Connection c = started().connect(to.name());
        for (byte[] m : messages) {
            c.send(m);
        }
    }

    @Test
    void handlersReadingByteBufGetReadOnlyViewsReleasedAfterTheCallSmallAndLarge() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Peer bob = started(new Reading(ByteBuf.class, seen));
        byte[] small = random(100);
        byte[] large = random(1024 * 1024); // received in pieces: a composite view, still no copy
        sendTo(bob, small, large);
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).allMatch(Seen::readOnly);
        assertThat(seen.get(0).bytes()).isEqualTo(small);
        assertThat(seen.get(1).bytes()).isEqualTo(large);
        // the large one's pooled pieces go back once the handlers are done (the small one wraps an array of its own)
        await().atMost(WAIT).until(() -> ((ByteBuf) seen.get(1).value()).refCnt() == 0);
    }

    @Test
    void handlersReadingByteBufferGetReadOnlyViews() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Peer bob = started(new Reading(ByteBuffer.class, seen));
        byte[] small = random(300);
        sendTo(bob, small);
        await().atMost(WAIT).until(() -> seen.size() == 1);
        assertThat(seen.get(0).value()).isInstanceOf(ByteBuffer.class);
        assertThat(seen.get(0).readOnly()).isTrue();
        assertThat(seen.get(0).bytes()).isEqualTo(small);
    }

    @Test
    void oneHandlerWantingTheArrayGivesEveryHandlerTheArray() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Peer bob = started(new Reading(ByteBuf.class, seen), new Reading(byte[].class, seen));
        sendTo(bob, random(64));
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).allMatch(s -> s.value() instanceof byte[]);
    }

    @Test
    void aByteBufferIsSentWithoutACopyOfItsBytes() throws Exception {
        ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
        ByteBuffer heap = ByteBuffer.wrap(random(4096));
        ByteBuf encoded = new BytesPayloadCodec().encode(alloc, heap);
        try {
            assertThat(encoded.hasArray()).isTrue();
            assertThat(encoded.array()).as("the caller's own array, wrapped").isSameAs(heap.array());
        } finally {
            encoded.release();
        }

        List<Seen> seen = new CopyOnWriteArrayList<>();
        Peer bob = started(new Reading(byte[].class, seen));
        ByteBuffer direct = ByteBuffer.allocateDirect(256 * 1024).put(random(256 * 1024)).flip();
        Connection c = started().connect(bob.name());
        c.send(direct).get();
        await().atMost(WAIT).until(() -> seen.size() == 1);
        assertThat(ByteBuffer.wrap(seen.get(0).bytes())).isEqualTo(direct.rewind());
    }
}
