package io.p2pboot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's metrics table lists exactly the meters {@link P2pMeter} declares, with the same details. */
class P2pMeterReadmeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String TABLE_HEADER = "| meter | type | unit | tags | what it counts |";

    @Test
    void theReadmesMetricsTableMatchesTheEnum() throws Exception {
        assertThat(README).as("the repository's README, seen from the module directory").isRegularFile();
        List<String> documented = tableRows(Files.readAllLines(README));
        List<String> declared = Arrays.stream(P2pMeter.values()).map(P2pMeterReadmeTest::row).toList();
        assertThat(documented).as("rows of the README table headed " + TABLE_HEADER).isEqualTo(declared);
    }

    /** A meter as the README writes it: name, type, unit, tags and description, "—" for none. */
    private static String row(P2pMeter meter) {
        String unit = meter.baseUnit() != null ? meter.baseUnit() : "—";
        String tags = meter.tags().isEmpty() ? "—"
                : meter.tags().stream().map(t -> "`" + t.key() + "`").collect(Collectors.joining(", "));
        return "| `" + meter.meterName() + "` | " + meter.type().name().toLowerCase(Locale.ROOT) + " | " + unit
                + " | " + tags + " | " + meter.description() + " |";
    }

    private static List<String> tableRows(List<String> lines) {
        int header = lines.indexOf(TABLE_HEADER);
        assertThat(header).as("the README has a table headed " + TABLE_HEADER).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i).strip());
        }
        return rows;
    }
}
