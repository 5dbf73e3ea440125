package io.p2pboot.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PreparedCreatorsTest {

    public record Reading(String sensor, long sequence, double value, boolean valid, String unit) {
    }

    public record Positive(int n) {
        public Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive, got " + n);
            }
        }
    }

    private record Hidden(String name, int size) {
    }

    public record Nested(List<Reading> readings, Hidden hidden) {
    }

    private final JsonMapper callers = JsonMapper.builder().build();
    private final JsonPayloadCodec codec = new JsonPayloadCodec(callers);

    private Object decode(String json, Class<?> type) throws ProtocolException {
        return codec.decode(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)), type);
    }

    @Test
    void recordsOfEveryFieldKindAreBuiltWithTheirValues() throws Exception {
        assertThat(decode("{\"data\": {\"sensor\": \"s\", \"sequence\": 7, \"value\": 1.5, \"valid\": true, \"unit\": \"C\"}}",
                Reading.class)).isEqualTo(new Reading("s", 7, 1.5, true, "C"));
        assertThat(decode("{\"data\": {\"sensor\": \"s\", \"sequence\": 1, \"value\": 0, \"valid\": false}}", Reading.class))
                .isEqualTo(new Reading("s", 1, 0.0, false, null));
        assertThat(decode("{\"data\": {\"readings\": [{\"sensor\": \"a\", \"sequence\": 2, \"value\": 3.5, \"valid\": true}], \"hidden\": {\"name\": \"h\", \"size\": 2}}}",
                Nested.class)).isEqualTo(new Nested(List.of(new Reading("a", 2, 3.5, true, null)), new Hidden("h", 2)));
    }

    @Test
    void aConstructorThatThrowsIsReportedWithItsReasonAndIsCalledThroughThePreparedHandle() {
        assertThatThrownBy(() -> decode("{\"data\": {\"n\": -3}}", Positive.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("n must be positive, got -3")
                .satisfies(e -> {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(IllegalArgumentException.class);
                    assertThat(Arrays.stream(root.getStackTrace()).map(StackTraceElement::getMethodName))
                            .doesNotContain("invokeWithArguments");
                    assertThat(Arrays.stream(root.getStackTrace()).map(StackTraceElement::getClassName))
                            .anyMatch(c -> c.startsWith(PreparedCreators.class.getName()));
                });
    }

    @Test
    void theCallersMapperIsLeftAsItWas() {
        assertThat(callers.registeredModules()).noneMatch(m -> m instanceof PreparedCreators);
    }
}
