package io.p2pboot.bench.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.BlockingLimit;
import io.p2pboot.bench.raw.RawThroughput;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.protocol.DataType;
import java.util.List;

/**
 * {@code bytes-*}, {@code bytes-1MiB-view} and {@code stream-1KiB}: one connection, one-way {@code bytes} messages sent
 * with the blocking {@code send} from a user thread, counted in the receiver's data handler;
 * measured interleaved with the raw baseline ({@link Interleaved}), then the blocking limit alone.
 */
public final class Throughput implements Workload {

    private final String name;
    private final int size;
    private final boolean stream;
    private final boolean view;

    public Throughput(String name, int size, boolean stream) {
        this(name, size, stream, false);
    }

    private Throughput(String name, int size, boolean stream, boolean view) {
        this.name = name;
        this.size = size;
        this.stream = stream;
        this.view = view;
    }

    /**
     * {@code bytes-1MiB-view}: the sender sends a Netty buffer (no copy), the handler reads the
     * payload as a {@code ByteBuf} view (no copy).
     */
    public static Throughput views(String name, int size) {
        return new Throughput(name, size, false, true);
    }

    @Override
    public List<String> names() {
        return List.of(name);
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        ConnectOptions options = stream ? ConnectOptions.of(DataType.BYTES).streaming(size)
                : ConnectOptions.of(DataType.BYTES).notStreaming();
        Interleaved.Result result;
        Object value = view ? Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size)) : new byte[size];
        try (P2pOneWay p2p = P2pOneWay.open(DataType.BYTES, options, value, r -> true, view ? ByteBuf.class : null);
             RawThroughput raw = RawThroughput.open(size, stream)) {
            result = Interleaved.run(p2p, raw, settings);
        }
        double p2p = result.p2pRate();
        double raw = result.rawRate();
        context.put("raw:" + name, raw);
        double limit = BlockingLimit.messagesPerSecond(size, stream, settings);
        return List.of(Row.higher(name, "msgs/s", p2p, raw).withLimit(limit)
                .withNote(String.format("MB/s p2p %.0f, raw %.0f, limit %.0f", mb(p2p), mb(raw), mb(limit))
                        + result.rerunNote()));
    }

    private double mb(double rate) {
        return rate * size / 1e6;
    }
}
