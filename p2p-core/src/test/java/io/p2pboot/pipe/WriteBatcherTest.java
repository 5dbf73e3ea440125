package io.p2pboot.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The write batcher on an embedded channel: what reaches the channel, in which writes, and what the callers' futures say. */
class WriteBatcherTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final WriteBatcher batcher = new WriteBatcher(channel, null);

    private static ByteBuf bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed + i);
        }
        return Unpooled.wrappedBuffer(b);
    }

    private List<ByteBuf> written() {
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.add(b);
        }
        return out;
    }

    private static byte[] concat(List<ByteBuf> bufs) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuf b : bufs) {
            all.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return all.toByteArray();
    }

    @Test
    void smallMessagesQueuedTogetherAreWrittenAsOneBufferInOrderAndAllFuturesComplete() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            ByteBuf m = bytes(100, i);
            expected.writeBytes(ByteBufUtil.getBytes(m));
            futures.add(batcher.write(m));
        }
        channel.runPendingTasks();

        List<ByteBuf> out = written();
        assertThat(out).as("one merged write").hasSize(1);
        assertThat(concat(out)).isEqualTo(expected.toByteArray());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void aLoneMessageIsWrittenAsItIsAndALargeOneKeepsItsPlaceBetweenMergedOnes() {
        ByteBuf lone = bytes(10, 1);
        batcher.write(lone);
        channel.runPendingTasks();
        List<ByteBuf> first = written();
        assertThat(first).containsExactly(lone);
        first.forEach(ByteBuf::release);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<ByteBuf> sent = List.of(bytes(100, 2), bytes(100, 3), bytes(WriteBatcher.MERGE_LIMIT + 1, 4), bytes(100, 5), bytes(100, 6));
        for (ByteBuf m : sent) {
            expected.writeBytes(ByteBufUtil.getBytes(m));
            batcher.write(m);
        }
        channel.runPendingTasks();
        List<ByteBuf> out = written();
        assertThat(out).as("merged, large, merged").hasSize(3);
        assertThat(out.get(1).readableBytes()).isEqualTo(WriteBatcher.MERGE_LIMIT + 1);
        assertThat(concat(out)).isEqualTo(expected.toByteArray());
    }

    @Test
    void moreThanOneMergedBufferHoldsIsSplitAcrossBuffers() {
        List<ByteBuf> out = writeBurstOfKilobytes(m -> batcher.write(Unpooled.wrappedBuffer(m)));
        assertThat(out).hasSizeGreaterThanOrEqualTo(3);
    }

    /**
     * Writes a burst of 1000-byte messages that needs more than two merged buffers, runs the event
     * loop, checks the bytes and the futures, and returns the buffers written (released).
     */
    private List<ByteBuf> writeBurstOfKilobytes(java.util.function.Function<byte[], CompletableFuture<Void>> write) {
        int count = 2 * WriteBatcher.MERGED_CAPACITY / 1000 + 3;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] m = ByteBufUtil.getBytes(bytes(1000, i));
            expected.writeBytes(m);
            futures.add(write.apply(m));
        }
        channel.runPendingTasks();
        List<ByteBuf> out = written();
        assertThat(out).allMatch(b -> b.readableBytes() <= WriteBatcher.MERGED_CAPACITY);
        assertThat(concat(out)).as("in order; the buffers are released here").isEqualTo(expected.toByteArray());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        return out;
    }

    @Test
    void bytesWaitingInTheQueueTurnTheChannelUnwritableUntilTheEventLoopHasTakenThem() {
        channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1024, 2048));
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        channel.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(io.netty.channel.ChannelHandlerContext ctx) {
                changes.incrementAndGet();
            }
        });
        int limit = 2048; // the channel's high-water mark: the queue holds as much again
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        while (batcher.queuedBytes() <= limit) {
            assertThat(channel.isWritable()).isTrue();
            futures.add(batcher.write(bytes(3000, futures.size())));
        }
        assertThat(channel.isWritable()).as("more than the queue's limit waits").isFalse();

        channel.runPendingTasks();
        assertThat(batcher.queuedBytes()).isZero();
        assertThat(channel.isWritable()).isTrue();
        assertThat(changes.get()).as("unwritable, then writable again").isEqualTo(2);
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(concat(written())).hasSize(3000 * futures.size());
    }

    @Test
    void largeFramesRaiseTheWriteMarksSoThatFourFitButNeverAboveTheCapAndNeverLowerThem() {
        channel.config().setWriteBufferWaterMark(PipeBootstraps.WRITE_MARKS);
        batcher.write(bytes(WriteBatcher.LARGE_FRAME - 1, 0));
        assertThat(channel.config().getWriteBufferHighWaterMark()).as("below a large frame: as configured")
                .isEqualTo(PipeBootstraps.WRITE_MARKS.high());

        batcher.write(bytes(300 * 1024, 1));
        assertThat(channel.config().getWriteBufferHighWaterMark()).isEqualTo(4 * 300 * 1024);
        assertThat(channel.config().getWriteBufferLowWaterMark()).isEqualTo(2 * 300 * 1024);

        batcher.write(bytes(2 * 1024 * 1024, 2));
        assertThat(channel.config().getWriteBufferHighWaterMark()).isEqualTo(WriteBatcher.MAX_HIGH_WATER);
        batcher.write(bytes(300 * 1024, 3));
        assertThat(channel.config().getWriteBufferHighWaterMark()).isEqualTo(WriteBatcher.MAX_HIGH_WATER);

        channel.runPendingTasks();
        assertThat(concat(written())).hasSize(WriteBatcher.LARGE_FRAME - 1 + 600 * 1024 + 2 * 1024 * 1024);
    }

    @Test
    void aSenderOfOneMebibyteFramesMayQueueFourBeforeItMustWait() {
        channel.config().setWriteBufferWaterMark(PipeBootstraps.WRITE_MARKS);
        int frame = 1024 * 1024 + 128; // a 1 MiB message and its header
        for (int i = 0; i < 3; i++) {
            batcher.write(bytes(frame, i));
            assertThat(channel.isWritable()).as("after %d frames", i + 1).isTrue();
        }
        batcher.write(bytes(frame, 3));
        assertThat(channel.isWritable()).as("four frames exceed the raised mark").isFalse();

        channel.runPendingTasks();
        assertThat(channel.isWritable()).isTrue();
        assertThat(concat(written())).hasSize(4 * frame);
    }

    @Test
    void copiesKeepTheirPlaceAmongBufferWritesAndTheCallerMayReuseItsArraysAtOnce() {
        byte[] header = {'h', 'h'};
        byte[] body = {1, 2, 3};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<CompletableFuture<Void>> futures = new ArrayList<>();

        ByteBuf before = bytes(100, 7);
        expected.writeBytes(ByteBufUtil.getBytes(before));
        futures.add(batcher.write(before));
        futures.add(batcher.writeCopies(header, body));
        expected.writeBytes(new byte[] {'h', 'h', 1, 2, 3});
        ByteBuf large = bytes(WriteBatcher.MERGE_LIMIT + 1, 8);
        expected.writeBytes(ByteBufUtil.getBytes(large));
        futures.add(batcher.write(large));
        body[0] = 9; // reused by the caller before the event loop ran
        futures.add(batcher.writeCopies(header, body));
        expected.writeBytes(new byte[] {'h', 'h', 9, 2, 3});
        body[0] = 10;
        assertThat(futures).noneMatch(CompletableFuture::isDone);

        channel.runPendingTasks();

        List<ByteBuf> out = written();
        assertThat(out).as("the first buffer and first copy, the large one, the second copy").hasSize(4);
        assertThat(concat(out)).isEqualTo(expected.toByteArray());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(batcher.queuedBytes()).isZero();
    }

    @Test
    void aCopiedWriteWritesItsOwnBytesInPlaceAmongTheOthersOfItsBurst() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        batcher.writeCopies(new byte[] {'a'}, new byte[] {1});
        expected.writeBytes(new byte[] {'a', 1});
        byte[] kept = {5, 6, 7};
        batcher.writeCopy(new CopiedWrite() {
            @Override
            public int length() {
                return 1 + kept.length;
            }

            @Override
            public void copyTo(ByteBuf out) {
                out.writeByte('k').writeBytes(kept);
            }
        });
        expected.writeBytes(new byte[] {'k', 5, 6, 7});
        kept[0] = 9; // copied before writeCopy returned
        batcher.writeCopies(new byte[] {'b'}, new byte[] {2});
        expected.writeBytes(new byte[] {'b', 2});

        channel.runPendingTasks();

        List<ByteBuf> out = written();
        assertThat(out).as("one shared buffer").hasSize(1);
        assertThat(concat(out)).isEqualTo(expected.toByteArray());
    }

    @Test
    void copiesOfABurstShareBuffersOfTheMergedCapacity() {
        List<ByteBuf> out = writeBurstOfKilobytes(m -> batcher.writeCopies(new byte[0], m));
        assertThat(out).as("as full as the copies fit").hasSize(3);
    }

    @Test
    void copiesQueuedAfterTheChannelClosedFailTheirFutures() {
        channel.close();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(batcher.writeCopies(new byte[] {1}, new byte[] {2}));
        }
        channel.runPendingTasks();
        assertThat(futures).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(batcher.queuedBytes()).isZero();
    }

    @Test
    void writesQueuedAfterTheChannelClosedFailTheirFuturesMergedOrNot() {
        channel.close();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            ByteBuf m = bytes(i < 10 ? 100 : 10_000, i);
            sent.add(m);
            futures.add(batcher.write(m));
        }
        channel.runPendingTasks();
        assertThat(futures).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(sent).as("nothing leaks").allMatch(b -> b.refCnt() == 0);
        assertThat(batcher.queuedBytes()).isZero();
    }
}
