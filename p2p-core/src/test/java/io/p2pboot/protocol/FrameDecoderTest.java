package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.p2pboot.protocol.HeaderTest.wire;
import static org.assertj.core.api.Assertions.assertThat;

class FrameDecoderTest {

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final List<Throwable> errors = new ArrayList<>();
    private FrameDecoder decoder;
    private EmbeddedChannel channel;

    private void open(int maxMessageSize) {
        decoder = new FrameDecoder(maxMessageSize);
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        channel.config().setAllocator(alloc);
    }

    @AfterEach
    void nothingLeaks() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        assertThat(alloc.leaks()).as("buffers still referenced").isEmpty();
    }

    private void feed(byte[] bytes) {
        ByteBuf buf = alloc.buffer(bytes.length).writeBytes(bytes);
        channel.writeInbound(buf);
    }

    private void feedInChunks(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            int n = Math.min(chunk, bytes.length - i);
            ByteBuf buf = alloc.buffer(n).writeBytes(bytes, i, n);
            channel.writeInbound(buf);
        }
    }

    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = channel.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    /** Reads every frame, copying out the payloads and releasing the frames. */
    private List<String> drainAsText() {
        List<String> out = new ArrayList<>();
        for (Object o : drain()) {
            if (o instanceof DataFrame) {
                DataFrame f = (DataFrame) o;
                out.add(f.type().wireName() + ":" + f.payload().toString(StandardCharsets.ISO_8859_1));
                f.release();
            } else {
                out.add(o.toString());
                ReferenceCountUtil.release(o);
            }
        }
        return out;
    }

    private static byte[] message(DataType type, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        return concat(wire("DATA|data_size=" + p.length + "&data_type=" + type.wireName()), p);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aWholeMessageBecomesOneFrame() {
        open(1024);
        feed(message(DataType.RAW, "hello"));
        assertThat(drainAsText()).containsExactly("raw:hello");
        assertThat(errors).isEmpty();
    }

    @Test
    void theFramePayloadIsAnArrayOfItsOwnAndTheReceiveBufferIsFreedAtOnce() {
        open(1024);
        ByteBuf in = alloc.buffer().writeBytes(message(DataType.BYTES, "abcdef"));
        channel.writeInbound(in);
        DataFrame frame = channel.readInbound();
        assertThat(in.refCnt()).as("nothing holds the receive buffer").isZero();
        assertThat(frame.ownedArray()).isEqualTo("abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo("abcdef".getBytes(StandardCharsets.US_ASCII));
        frame.release();
    }

    @Test
    void headersSplitByteByByteAreReassembled() {
        open(1024);
        feedInChunks(concat(wire("ACCEPT"), message(DataType.JSON, "{\"data\": 1}")), 1);
        assertThat(drainAsText()).containsExactly("ACCEPT", "json:{\"data\": 1}");
    }

    @Test
    void headersAndPayloadsSplitAnywhereAreReassembled() {
        byte[] stream = concat(message(DataType.RAW, "a".repeat(300)), wire("PING|pinger=1.2.3.4:5"), message(DataType.BYTES, "xyz"));
        for (int chunk : new int[] {2, 7, 64, 127, 129, 200, 1000}) {
            open(1024);
            feedInChunks(stream, chunk);
            assertThat(drainAsText()).as("chunk %d", chunk)
                    .containsExactly("raw:" + "a".repeat(300), "PING|pinger=1.2.3.4:5", "bytes:xyz");
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void manyFramesInOneBufferAreAllEmittedInOrder() {
        open(1024);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.writeBytes(message(DataType.BYTES, "m" + i));
            expected.add("bytes:m" + i);
        }
        feed(all.toByteArray());
        assertThat(drainAsText()).containsExactlyElementsOf(expected);
    }

    @Test
    void anEmptyPayloadIsEmittedAtOnce() {
        open(1024);
        feed(wire("DATA|data_size=0&data_type=bytes"));
        assertThat(drainAsText()).containsExactly("bytes:");
    }

    @Test
    void pingsBetweenMessagesAreEmittedAsHeadersEvenWithoutAPinger() {
        open(1024);
        feed(concat(message(DataType.RAW, "1"), wire("PING"), wire("PING|pinger=a:1"), message(DataType.RAW, "2")));
        List<Object> out = drain();
        assertThat(out).hasSize(4);
        assertThat(((Header) out.get(1)).kind()).isEqualTo(HeaderKind.PING);
        assertThat(((Header) out.get(1)).pinger()).isEmpty();
        assertThat(((Header) out.get(2)).pinger()).hasValue("a:1");
        out.forEach(ReferenceCountUtil::release);
        assertThat(errors).isEmpty();
    }

    @Test
    void aTooLargeDataSizeFailsBeforeAnyPayloadIsBuffered() {
        open(1048576);
        feed(wire("DATA|data_size=99999999&data_type=raw"));
        assertThat(errors).singleElement().isInstanceOf(ProtocolException.class)
                .extracting(Throwable::getMessage).isEqualTo("data_size 99999999 exceeds the maximum message size 1048576");
        feed(new byte[4096]);
        assertThat(drain()).isEmpty();
        assertThat(errors).hasSize(1);
    }

    @Test
    void aNegativeDataSizeIsRejected() {
        open(1024);
        feed(wire("DATA|data_size=-1&data_type=raw"));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("data_size -1 is negative");
    }

    @Test
    void aHugeDataSizeIsRejected() {
        open(1024);
        feed(wire("DATA|data_size=999999999999999999999999&data_type=raw"));
        assertThat(errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("data_size 999999999999999999999999 is out of range");
    }

    @Test
    void nonUtf8HeaderIsReportedAndTheRestDropped() {
        open(1024);
        byte[] bad = wire("DATA|data_size=1&data_type=raw");
        bad[100] = (byte) 0xFF;
        feed(concat(bad, message(DataType.RAW, "x")));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("header is not valid UTF-8");
        assertThat(drain()).isEmpty();
    }

    @Test
    void anUnknownKindIsReported() {
        open(1024);
        feed(wire("HOWDY|x=1"));
        assertThat(errors).singleElement().isInstanceOf(ProtocolException.class)
                .extracting(Throwable::getMessage).asString().startsWith("unknown header kind");
    }

    @Test
    void aDataHeaderWithMissingFieldsIsReported() {
        open(1024);
        feed(wire("DATA|data_type=raw"));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("DATA header without data_size");
    }

    @Test
    void aMalformedHelloIsReported() {
        open(1024);
        feed(wire("HELLO|peer_name=a:1"));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("HELLO header without data_type");
    }

    @Test
    void streamingWithAKnownSizeTakesHeaderlessPayloads() throws Exception {
        open(1024);
        feed(wire("HELLO|peer_name=a:1&data_type=bytes&strict=True&stream=True&data_size=4"));
        assertThat(drainAsText()).hasSize(1);
        decoder.startStreaming(4, DataType.BYTES);
        feedInChunks("aaaabbbbcccc".getBytes(StandardCharsets.US_ASCII), 3);
        assertThat(drainAsText()).containsExactly("bytes:aaaa", "bytes:bbbb", "bytes:cccc");
    }

    @Test
    void streamingWithAKnownSizeAcceptsAFirstMessageWithItsHeader() throws Exception {
        open(1024);
        decoder.startStreaming(200, DataType.RAW);
        String a = "a".repeat(200);
        String b = "b".repeat(200);
        feedInChunks(concat(message(DataType.RAW, a), b.getBytes(StandardCharsets.US_ASCII)), 50);
        assertThat(drainAsText()).containsExactly("raw:" + a, "raw:" + b);
    }

    @Test
    void streamingTreatsADataHeaderOfAnotherSizeAsPayload() throws Exception {
        open(1024);
        decoder.startStreaming(128, DataType.BYTES);
        byte[] lookalike = wire("DATA|data_size=5&data_type=bytes");
        feed(lookalike);
        assertThat(drainAsText()).containsExactly("bytes:" + new String(lookalike, StandardCharsets.ISO_8859_1));
    }

    @Test
    void streamingWithASmallSizeDoesNotWaitFor128Bytes() throws Exception {
        open(1024);
        decoder.startStreaming(3, DataType.RAW);
        feed(new byte[] {(byte) 0x80, 4, '.'});
        assertThat(drain()).singleElement().satisfies(o -> {
            assertThat(((DataFrame) o).payload().readableBytes()).isEqualTo(3);
            ReferenceCountUtil.release(o);
        });
    }

    @Test
    void streamingLearnsTheSizeFromTheFirstDataHeader() throws Exception {
        open(1024);
        decoder.startStreaming(0, DataType.JSON);
        assertThat(decoder.isStreaming()).isTrue();
        feedInChunks(concat(wire("PING"), message(DataType.JSON, "12345"), "abcdeABCDE".getBytes(StandardCharsets.US_ASCII)), 9);
        assertThat(drainAsText()).containsExactly("PING", "json:12345", "json:abcde", "json:ABCDE");
        assertThat(decoder.streamSize()).isEqualTo(5);
    }

    @Test
    void aStreamSizeFixedBySendingFirstMakesThePeersMessagesHeaderless() throws Exception {
        open(1024);
        decoder.startStreaming(0, DataType.BYTES);
        decoder.fixStreamSize(3);
        feed("abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(drainAsText()).containsExactly("bytes:abc", "bytes:def");
        decoder.fixStreamSize(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.fixStreamSize(4))
                .isInstanceOf(ProtocolException.class).hasMessage("stream size 4 conflicts with the size 3 already agreed");
    }

    @Test
    void aStreamSizeFixedBySendingFirstStillAcceptsThePeersFirstHeader() throws Exception {
        open(1024);
        decoder.startStreaming(0, DataType.BYTES);
        decoder.fixStreamSize(3);
        feed(concat(message(DataType.BYTES, "abc"), "def".getBytes(StandardCharsets.US_ASCII)));
        assertThat(drainAsText()).containsExactly("bytes:abc", "bytes:def");
    }

    @Test
    void aStreamedPingIsPayload() throws Exception {
        open(1024);
        decoder.startStreaming(128, DataType.BYTES);
        feed(concat(new byte[] {1, 2, 3}, new byte[125], wire("PING")));
        List<Object> out = drain();
        assertThat(out).hasSize(2).allMatch(o -> o instanceof DataFrame);
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aStreamSizeAboveTheMaximumIsRejected() {
        open(1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.startStreaming(2048, DataType.RAW))
                .isInstanceOf(ProtocolException.class).hasMessage("data_size 2048 exceeds the maximum message size 1024");
    }

    @Test
    void aLearntStreamSizeOfZeroIsRejected() throws Exception {
        open(1024);
        decoder.startStreaming(0, DataType.BYTES);
        feed(wire("DATA|data_size=0&data_type=bytes"));
        assertThat(errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("the first DATA header of a stream announces data_size 0");
    }

    @Test
    void aHandlerCanSwitchToStreamingOnAHeaderAndTheNextBytesFollowSuit() {
        decoder = new FrameDecoder(1024);
        List<String> seen = new ArrayList<>();
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof Header && ((Header) msg).kind() == HeaderKind.ACCEPT) {
                    decoder.startStreaming(2, DataType.BYTES);
                }
                seen.add(msg.toString());
                ReferenceCountUtil.release(msg);
            }
        });
        channel.config().setAllocator(alloc);
        feed(concat(wire("ACCEPT"), "xxyy".getBytes(StandardCharsets.US_ASCII)));
        assertThat(seen).containsExactly("ACCEPT", "DataFrame(bytes, 2 bytes)", "DataFrame(bytes, 2 bytes)");
    }

    @Test
    void anIncompleteMessageAtCloseIsReleased() {
        open(1024);
        feed(concat(wire("DATA|data_size=100&data_type=raw"), new byte[10]));
        assertThat(drain()).isEmpty();
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void aLargePayloadSplitAnywhereArrivesWholeAsSlicesOfTheReceiveBuffers() {
        int size = 200_000;
        byte[] payload = pattern(size);
        byte[] stream = concat(wire("DATA|data_size=" + size + "&data_type=bytes"), payload, message(DataType.RAW, "after"));
        for (int chunk : new int[] {1000, 65_536, 70_001, stream.length}) {
            open(1 << 20);
            feedInChunks(stream, chunk);
            List<Object> out = drain();
            assertThat(out).as("chunk %d", chunk).hasSize(2);
            DataFrame large = (DataFrame) out.get(0);
            assertThat(large.type()).isEqualTo(DataType.BYTES);
            assertThat(large.ownedArray()).as("not copied on the event loop").isNull();
            assertThat(ByteBufUtil.getBytes(large.payload())).as("chunk %d", chunk).isEqualTo(payload);
            DataFrame small = (DataFrame) out.get(1);
            assertThat(small.payload().toString(StandardCharsets.ISO_8859_1)).isEqualTo("after");
            out.forEach(ReferenceCountUtil::release);
            assertThat(errors).isEmpty();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aLargePayloadHoldsMemoryForTheBytesReceivedNotForTheSizeAnnounced() {
        open(1 << 20);
        feed(concat(wire("DATA|data_size=" + (1 << 20) + "&data_type=bytes"), new byte[10]));
        assertThat(drain()).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(10);
        assertThat(decoder.collectingCapacity()).isLessThanOrEqualTo(64 * 1024);
        feed(new byte[100_000]);
        assertThat(decoder.collectingCapacity()).isLessThanOrEqualTo(4 * 100_010);
        for (int i = 0; i < 1000; i++) {
            feed(new byte[1]); // a trickle of tiny reads is copied together, not one receive buffer pinned per byte
        }
        assertThat(decoder.collectingCapacity()).isLessThanOrEqualTo(4 * 100_010);
        feed(new byte[(1 << 20) - 101_010]);
        DataFrame frame = channel.readInbound();
        assertThat(frame.payload().readableBytes()).isEqualTo(1 << 20);
        assertThat(decoder.collectingCapacity()).isZero();
        frame.release();
    }

    @Test
    void largeStreamedPayloadsAreCollectedToo() throws Exception {
        int size = FrameDecoder.LARGE_PAYLOAD;
        open(1 << 20);
        decoder.startStreaming(size, DataType.BYTES);
        byte[] a = pattern(size);
        byte[] b = new byte[size];
        feedInChunks(concat(a, b, a), 5000);
        List<Object> out = drain();
        assertThat(out).hasSize(3);
        assertThat(ByteBufUtil.getBytes(((DataFrame) out.get(0)).payload())).isEqualTo(a);
        assertThat(ByteBufUtil.getBytes(((DataFrame) out.get(1)).payload())).isEqualTo(b);
        assertThat(ByteBufUtil.getBytes(((DataFrame) out.get(2)).payload())).isEqualTo(a);
        out.forEach(ReferenceCountUtil::release);
    }

    @Test
    void dataBeforeTheHandshakeFailsAtItsHeaderWithoutBufferingThePayload() {
        open(16 << 20);
        decoder.awaitHandshake(HeaderKind.HELLO);
        feed(concat(wire("DATA|data_size=" + (16 << 20) + "&data_type=bytes"), new byte[60_000]));
        assertThat(drain()).isEmpty();
        assertThat(errors).singleElement().asString()
                .contains("expected HELLO during the handshake, got a DATA header announcing 16777216 bytes");
        assertThat(decoder.bufferedBytes()).isLessThan(1024);
        feed(new byte[60_000]); // what follows is dropped, not kept
        assertThat(decoder.bufferedBytes()).isLessThan(1024);
    }

    @Test
    void theHandshakeReadsOnlyItsOwnHeadersUntilItIsDone() {
        open(1024);
        decoder.awaitHandshake(HeaderKind.ACCEPT, HeaderKind.DENY, HeaderKind.PING);
        feed(wire("PING|peer_name=127.0.0.1:1"));
        feed(wire("ACCEPT"));
        assertThat(drainAsText()).hasSize(2);
        decoder.handshakeDone();
        feed(concat(wire("DATA|data_size=2&data_type=bytes"), "ok".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(drainAsText()).containsExactly("bytes:ok");
        channel.finishAndReleaseAll();

        open(1024);
        decoder.awaitHandshake(HeaderKind.HELLO);
        feed(wire("ACCEPT"));
        assertThat(errors).last().asString().contains("expected HELLO during the handshake, got ACCEPT");
    }

    @Test
    void aPayloadThatDoesNotFitTheSharedMemoryStopsReadingUntilItIsReleased() {
        InboundMemory memory = new InboundMemory(100, Duration.ZERO);
        decoder = new FrameDecoder(100, memory);
        channel = new EmbeddedChannel(decoder);
        channel.config().setAllocator(alloc);
        assertThat(memory.tryReserve(60)).isTrue(); // held by another connection
        feed(concat(wire("DATA|data_size=50&data_type=bytes"), new byte[50]));
        assertThat(drain()).as("waits for memory").isEmpty();
        assertThat(decoder.isWaitingForMemory()).isTrue();
        assertThat(channel.config().isAutoRead()).as("stopped reading").isFalse();
        assertThat(memory.used()).isEqualTo(60);

        memory.release(60);
        channel.runPendingTasks();
        DataFrame frame = channel.readInbound();
        assertThat(frame.size()).isEqualTo(50);
        assertThat(memory.used()).as("reserved for the frame until its consumer gives it back").isEqualTo(50);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(memory.peak()).isLessThanOrEqualTo(100);
        frame.release();
        memory.release(50);
    }

    @Test
    void smallMessagesOfAReadBurstShareOneReservationAndTheRestIsGivenBackWhenTheBurstEnds() {
        InboundMemory memory = new InboundMemory(1 << 20, Duration.ZERO);
        decoder = new FrameDecoder(1 << 20, memory);
        channel = new EmbeddedChannel(decoder);
        channel.config().setAllocator(alloc);
        byte[] message = concat(wire("DATA|data_size=10&data_type=bytes"), new byte[10]);
        feed(concat(concat(message, message), message)); // one read, then its end
        List<Object> frames = drain();
        assertThat(frames).hasSize(3);
        assertThat(memory.used()).as("the three payloads only: the burst's unspent credit went back").isEqualTo(30);
        assertThat(memory.peak()).as("one reservation of the burst's credit").isEqualTo(64 * 1024);
        frames.forEach(f -> ((DataFrame) f).release());
        memory.release(30);
        assertThat(memory.used()).isZero();
    }

    @Test
    void aClosedConnectionGivesBackThePayloadItWasCollecting() {
        InboundMemory memory = new InboundMemory(1 << 20, Duration.ZERO);
        decoder = new FrameDecoder(1 << 20, memory);
        channel = new EmbeddedChannel(decoder);
        channel.config().setAllocator(alloc);
        feed(concat(wire("DATA|data_size=" + (1 << 20) + "&data_type=bytes"), new byte[10]));
        assertThat(memory.used()).as("reserved at the header").isEqualTo(1 << 20);
        channel.finishAndReleaseAll();
        assertThat(memory.used()).isZero();
    }

    @Test
    void theDefaultMaximumMessageSizeIsTheDocumented16MiB() {
        assertThat(FrameDecoder.DEFAULT_MAX_MESSAGE_SIZE).isEqualTo(16 * 1024 * 1024);
        assertThat(new FrameDecoder().maxMessageSize()).isEqualTo(FrameDecoder.DEFAULT_MAX_MESSAGE_SIZE);
    }
}
