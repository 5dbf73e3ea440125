package io.p2pboot.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pboot.protocol.DataType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLogTest {

    @Test
    void keepsTheNewestUpToItsCapacityOldestFirst() {
        MessageLog log = new MessageLog(new ChatProperties(List.of(), 3));
        for (int i = 1; i <= 5; i++) {
            log.add("127.0.0.1:1", DataType.JSON, i);
        }
        assertThat(log.messages()).extracting(LoggedMessage::data).containsExactly(3, 4, 5);
    }

    @Test
    void showsBytesAsTextOnlyWhenTheyAreUtf8() {
        assertThat(Payloads.toView("héllo".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo");
        assertThat(Payloads.toView(new byte[] {(byte) 0xff, 0})).isEqualTo(Map.of("base64", "/wA="));
        assertThat(Payloads.toView(Map.of(1, List.<Object>of((Object) new Object[] {new byte[] {65}}))))
                .isEqualTo(Map.of("1", List.of(List.of("A"))));
    }
}
