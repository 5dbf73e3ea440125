package io.p2pboot.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.protocol.DataType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The in-memory message log: its count and byte bounds (the oldest make room), how it renders values, and its limits. */
class MessageLogTest {

    private static final Payloads.Limits LIMITS = new Payloads.Limits(10, 20, 1000);

    private static MessageLog log(int history, DataSize historyBytes) {
        ChatProperties properties = new ChatProperties(List.of(), history, historyBytes);
        return new MessageLog(properties, new MessageRenderer(JsonMapper.builder().build(), properties));
    }

    @Test
    void keepsTheNewestUpToItsCapacityOldestFirst() {
        MessageLog log = log(3, DataSize.ofMegabytes(16));
        for (int i = 1; i <= 5; i++) {
            log.add("127.0.0.1:1", DataType.JSON, i, 1);
        }
        assertThat(log.messages()).extracting(LoggedMessage::data).containsExactly("3", "4", "5");
    }

    @Test
    void keepsTheNewestUpToItsBytesOldestFirst() {
        MessageLog log = log(1000, DataSize.ofKilobytes(4));
        String text = "x".repeat(1000);
        for (int i = 1; i <= 5; i++) {
            log.add("127.0.0.1:1", DataType.JSON, List.of(i, text), 1010);
        }
        assertThat(log.messages()).extracting(m -> m.data().substring(0, 3)).containsExactly("[3,", "[4,", "[5,");
        assertThat(log.bytes()).isLessThanOrEqualTo(4096)
                .isEqualTo(log.messages().stream().mapToLong(LoggedMessage::size).sum());
    }

    @Test
    void rendersWhatCannotBeShownAsAPlaceholder() {
        MessageLog log = log(10, DataSize.ofKilobytes(1));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        log.add("127.0.0.1:1", DataType.RAW, cycle, 8);
        log.add("127.0.0.1:1", DataType.JSON, "y".repeat(2000), 2010);
        assertThat(log.messages()).extracting(LoggedMessage::data).containsExactly(
                "{\"unrenderable\":\"nested deeper than 498 levels\",\"bytes\":8}",
                "{\"unrenderable\":\"its JSON would take more than chat.history-bytes (1024 bytes)\",\"bytes\":2010}");
    }

    @Test
    void showsBytesAsTextOnlyWhenTheyAreUtf8() {
        assertThat(json("héllo".getBytes(StandardCharsets.UTF_8), LIMITS)).isEqualTo("\"héllo\"");
        assertThat(json(new byte[] {(byte) 0xff, 0}, LIMITS)).isEqualTo("{\"base64\":\"/wA=\"}");
        assertThat(json(Map.of(1, List.<Object>of((Object) new Object[] {new byte[] {65}})), LIMITS))
                .isEqualTo("{\"1\":[[\"A\"]]}");
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(new Object[] {1, "a"}, true);
        keys.put(new byte[] {(byte) 0xff}, null);
        keys.put(2.5, 1L);
        assertThat(json(keys, LIMITS)).isEqualTo("{\"[1,\\\"a\\\"]\":true,\"{\\\"base64\\\":\\\"/w==\\\"}\":null,\"2.5\":1}");
    }

    @Test
    void refusesValuesBeyondItsLimitsSayingWhich() {
        Object deepest = List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of())))))))));
        assertThat(json(deepest, LIMITS)).isEqualTo("[[[[[[[[[[]]]]]]]]]]");
        assertThatThrownBy(() -> json(List.of(deepest), LIMITS))
                .isInstanceOf(UnrenderableValueException.class).hasMessage("nested deeper than 10 levels");
        assertThatThrownBy(() -> json(Map.of("k", List.of(deepest)), LIMITS)).hasMessage("nested deeper than 10 levels");
        Object nineDeep = List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of()))))))));
        Object bytesTenDeep = List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(
                new byte[] {(byte) 0xff})))))))));
        assertThat(json(nineDeep, LIMITS)).isEqualTo("[[[[[[[[[]]]]]]]]]");
        assertThatThrownBy(() -> json(List.of(bytesTenDeep), LIMITS)).hasMessage("nested deeper than 10 levels"); // {"base64": ...}

        BigInteger longest = BigInteger.TEN.pow(20).subtract(BigInteger.ONE);
        assertThat(json(longest, LIMITS)).isEqualTo(longest.toString());
        assertThat(json(longest.negate(), LIMITS)).isEqualTo(longest.negate().toString());
        assertThatThrownBy(() -> json(BigInteger.TEN.pow(20), LIMITS))
                .hasMessage("a number of 67 bits has more than 20 digits");
        assertThatThrownBy(() -> json(List.of(BigInteger.ONE.shiftLeft(1 << 20)), LIMITS))
                .hasMessage("a number of 1048577 bits has more than 20 digits");
        assertThatThrownBy(() -> json(Map.of(BigInteger.ONE.shiftLeft(1 << 20), 1), LIMITS))
                .hasMessage("a number of 1048577 bits has more than 20 digits");

        // shared subtrees: 2^40 values when walked, from 40 lists; stopped once the output is full
        Object shared = List.of();
        for (int i = 0; i < 40; i++) {
            shared = List.of(shared, shared);
        }
        Object explosive = shared;
        assertThatThrownBy(() -> json(explosive, new Payloads.Limits(100, 20, 100_000)))
                .hasMessage("its JSON would take more than chat.history-bytes (100000 bytes)");
        assertThatThrownBy(() -> json(Map.of(List.of(explosive), 1), new Payloads.Limits(100, 20, 100_000)))
                .hasMessage("its JSON would take more than chat.history-bytes (100000 bytes)");
    }

    private static String json(Object value, Payloads.Limits limits) {
        return new String(Payloads.toJson(value, JsonMapper.builder().build(), limits), StandardCharsets.UTF_8);
    }

    @Test
    void historyBytesBelowOneKilobyteIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChatProperties(List.of(), 10, DataSize.ofBytes(1023)))
                .withMessage("chat.history-bytes must be at least 1KB, was 1023B");
        assertThat(new ChatProperties(List.of(), 10, DataSize.ofKilobytes(1)).historyBytes()).isEqualTo(DataSize.ofKilobytes(1));
    }
}
