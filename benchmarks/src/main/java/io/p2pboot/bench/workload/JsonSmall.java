package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.bench.raw.RawThroughput;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.protocol.DataType;
import java.util.List;

/**
 * {@code json-small}: a five-field record (~100 bytes on the wire), encoded by the sender and
 * decoded to the record type in the receiver's handler; compared with raw 64-byte messages,
 * measured interleaved with it in this workload (not reused from {@code bytes-64B}, which ran
 * at another time under other load, and may not have run at all with {@code --only}).
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
        Reading reading = new Reading("greenhouse-7/temperature", 1234567, 21.75, true, "celsius");
        Interleaved.Result result;
        try (P2pOneWay p2p = P2pOneWay.open(DataType.JSON, ConnectOptions.of(DataType.JSON), reading,
                r -> r.as(Reading.class).sequence() >= 0);
             RawThroughput raw = RawThroughput.open(64, false)) {
            result = Interleaved.run(p2p, raw, settings);
        }
        return List.of(Row.higher("json-small", "msgs/s", result.p2pRate(), result.rawRate())
                .withNote("raw = raw bytes-64B, interleaved" + result.rerunNote()));
    }
}
