package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.RawThroughput;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code json-small}: a five-field record (~100 bytes on the wire), encoded by the sender and
 * decoded to the record type in the receiver's handler; compared with raw 64-byte messages.
 */
public final class JsonSmall implements Workload {

    /** The message: about 100 bytes as {@code {"data": {...}}}. */
    public record Reading(String sensor, long sequence, double value, boolean valid, String unit) {
    }

    @Override
    public List<String> names() {
        return List.of("json-small");
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        LongAdder decoded = new LongAdder();
        Peer server = Peers.start(DataType.JSON).onData((c, r) -> {
            if (r.as(Reading.class).sequence() >= 0) {
                decoded.increment();
            }
        });
        Peer client = Peers.start(DataType.JSON);
        double p2p;
        try {
            Connection c = Peers.connect(client, server, ConnectOptions.of(DataType.JSON));
            try (Sender sender = new Sender(c, new Reading("greenhouse-7/temperature", 1234567, 21.75, true, "celsius"))) {
                p2p = Sampler.medianRate(decoded::sum, settings);
            }
        } finally {
            Peers.stop(client, server);
        }
        double raw = context.getOrMeasure("raw:bytes-64B", () -> RawThroughput.messagesPerSecond(64, false, settings));
        return List.of(Row.higher("json-small", "msgs/s", p2p, raw).withNote("raw = bytes-64B raw"));
    }
}
