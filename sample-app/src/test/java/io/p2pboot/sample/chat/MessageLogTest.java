package io.p2pboot.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pboot.protocol.DataType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

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
        assertThat(Payloads.toView("héllo".getBytes(StandardCharsets.UTF_8), LIMITS)).isEqualTo("héllo");
        assertThat(Payloads.toView(new byte[] {(byte) 0xff, 0}, LIMITS)).isEqualTo(Map.of("base64", "/wA="));
        assertThat(Payloads.toView(Map.of(1, List.<Object>of((Object) new Object[] {new byte[] {65}})), LIMITS))
                .isEqualTo(Map.of("1", List.of(List.of("A"))));
    }

    @Test
    void refusesValuesBeyondItsLimitsSayingWhich() {
        Object deepest = List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of())))))))));
        assertThat(Payloads.toView(deepest, LIMITS)).isEqualTo(deepest);
        assertThatThrownBy(() -> Payloads.toView(List.of(deepest), LIMITS))
                .isInstanceOf(UnrenderableValueException.class).hasMessage("nested deeper than 10 levels");
        assertThatThrownBy(() -> Payloads.toView(Map.of("k", List.of(deepest)), LIMITS))
                .hasMessage("nested deeper than 10 levels");

        BigInteger longest = BigInteger.TEN.pow(20).subtract(BigInteger.ONE);
        assertThat(Payloads.toView(longest, LIMITS)).isEqualTo(longest);
        assertThat(Payloads.toView(longest.negate(), LIMITS)).isEqualTo(longest.negate());
        assertThatThrownBy(() -> Payloads.toView(BigInteger.TEN.pow(20), LIMITS))
                .hasMessage("a number of 67 bits has more than 20 digits");
        assertThatThrownBy(() -> Payloads.toView(List.of(BigInteger.ONE.shiftLeft(1 << 20)), LIMITS))
                .hasMessage("a number of 1048577 bits has more than 20 digits");

        // shared subtrees: 2^30 values when walked, from 30 lists
        Object shared = List.of();
        for (int i = 0; i < 30; i++) {
            shared = List.of(shared, shared);
        }
        Object explosive = shared;
        assertThatThrownBy(() -> Payloads.toView(explosive, new Payloads.Limits(100, 20, 1000)))
                .hasMessage("its JSON would take more than chat.history-bytes (1000 bytes)");
    }

    @Test
    void historyBytesBelowOneKilobyteIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChatProperties(List.of(), 10, DataSize.ofBytes(1023)))
                .withMessage("chat.history-bytes must be at least 1KB, was 1023B");
        assertThat(new ChatProperties(List.of(), 10, DataSize.ofKilobytes(1)).historyBytes()).isEqualTo(DataSize.ofKilobytes(1));
    }
}
