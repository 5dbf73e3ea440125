package io.p2pboot.bench.workload;

import io.p2pboot.bench.Interleaved;
import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import io.p2pboot.bench.Settings;
import io.p2pboot.bench.Workload;
import io.p2pboot.peer.ConnectOptions;
import io.p2pboot.protocol.DataType;
import java.util.List;

/**
 * {@code bytes-64B-session}, {@code bytes-64KiB-session}: the {@code bytes-*} workload (one-way,
 * blocking {@code send}, counted in the handler) on a connection with an acknowledged session,
 * interleaved with the same workload without one: the ratio is what a session costs, judged
 * against the bound (at most 30 % at 64 B, 15 % at 64 KiB).
 */
public final class SessionThroughput implements Workload {

    private final String name;
    private final int size;

    public SessionThroughput(String name, int size) {
        this.name = name;
        this.size = size;
    }

    @Override
    public List<String> names() {
        return List.of(name);
    }

    @Override
    public List<Row> run(Settings settings, RunContext context) throws Exception {
        ConnectOptions options = ConnectOptions.of(DataType.BYTES).notStreaming();
        Interleaved.Result result;
        byte[] value = new byte[size];
        try (P2pOneWay session = P2pOneWay.open(DataType.BYTES, options, value, r -> true, null, true);
             P2pOneWay plain = P2pOneWay.open(DataType.BYTES, options, value, r -> true, null, false)) {
            result = Interleaved.run(session, plain, settings);
        }
        double withSession = result.p2pRate();
        double without = result.rawRate();
        return List.of(Row.higher(name, "msgs/s", withSession, without)
                .withNote(String.format("baseline = p2p without a session, interleaved; MB/s %.0f vs %.0f",
                        withSession * size / 1e6, without * size / 1e6) + result.rerunNote()));
    }
}
