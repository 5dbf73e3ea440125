package io.p2pboot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.bench.workload.Throughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessTest {

    @Test
    void oneWorkloadRunsBrieflyAndWritesItsJsonRow(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        int code = BenchmarkMain.run(List.of(new Throughput("bytes-1KiB", 1024, false)), Settings.smoke(), json, false);

        assertThat(code).isZero();
        String text = Files.readString(json);
        assertThat(text).startsWith("[").contains("\"name\": \"bytes-1KiB\"").contains("\"unit\": \"msgs/s\"")
                .contains("\"p2p\": ").contains("\"raw\": ").contains("\"ratio\": ");
        assertThat(text).doesNotContain("\"p2p\": 0.0000,").doesNotContain("\"raw\": null");
    }

    @Test
    void latencyRatiosArePeerTimeOverRawTimeAndTargetsAreJudged() {
        Row rtt = Row.lower("rtt-64B-p50", "µs", 30, 20.0);
        Row slow = Row.higher("bytes-64B", "msgs/s", 100, 1000.0);
        Row none = Row.higher("fanout-100", "msgs/s", 5, null);

        assertThat(rtt.ratio()).isEqualTo(1.5);
        assertThat(Targets.met(rtt)).isTrue();
        assertThat(Targets.met(slow)).isFalse();
        assertThat(Targets.met(none)).isNull();
        assertThat(Report.json(List.of(none))).contains("\"raw\": null, \"ratio\": null");
    }
}
