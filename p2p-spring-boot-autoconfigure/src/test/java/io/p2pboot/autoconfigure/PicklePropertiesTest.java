package io.p2pboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.codec.PickleLimits;
import io.p2pboot.codec.PicklePayloadCodec;
import io.p2pboot.peer.PeerConfig;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code p2p.pickle.*} budgets reach the peer's raw codec, and bad values name the property. */
class PicklePropertiesTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(P2pAutoConfiguration.class))
            .withPropertyValues("p2p.discovery.enabled=false");

    private static PicklePayloadCodec rawCodec(PeerConfig config) {
        return (PicklePayloadCodec) config.codecs().get(DataType.RAW);
    }

    @Test
    void withoutPropertiesTheDefaultsApply() {
        runner.run(context -> {
            PickleLimits limits = rawCodec(context.getBean(PeerConfig.class)).limits();
            assertThat(limits.maxNodes()).isEqualTo(PickleLimits.DEFAULT_MAX_NODES);
            assertThat(limits.maxDepth()).isEqualTo(PickleLimits.DEFAULT_MAX_DEPTH);
            assertThat(limits.maxObjectsPerByte()).isEqualTo(PickleLimits.DEFAULT_MAX_OBJECTS_PER_BYTE);
            assertThat(limits.maxStack()).isEqualTo(PickleLimits.DEFAULT_MAX_STACK);
        });
    }

    @Test
    void pickleBudgetsReachTheRawCodecAndRefuseWhatTheyBound() {
        runner.withPropertyValues("p2p.pickle.max-nodes=5", "p2p.pickle.max-depth=2",
                "p2p.pickle.max-objects-per-byte=0.5", "p2p.pickle.max-stack=16").run(context -> {
                    PayloadCodec codec = rawCodec(context.getBean(PeerConfig.class));
                    assertThat(((PicklePayloadCodec) codec).limits().maxObjectsPerByte()).isEqualTo(0.5);
                    // [[1]]: PROTO 4, EMPTY_LIST, EMPTY_LIST, BININT1 1, APPEND, APPEND, STOP
                    byte[] depthTwo = {(byte) 0x80, 4, ']', ']', 'K', 1, 'a', 'a', '.'};
                    assertThat(codec.decode(Unpooled.wrappedBuffer(depthTwo))).isEqualTo(List.of(List.of(1)));
                    // [[[]]]: one level too deep
                    byte[] depthThree = {(byte) 0x80, 4, ']', ']', ']', 'a', 'a', '.'};
                    assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(depthThree)))
                            .isInstanceOf(ProtocolException.class).hasMessageContaining("max-depth=2");
                    // [1, 1, 1, 1, 1]: six nodes
                    byte[] sixNodes = {(byte) 0x80, 4, ']', '(', 'K', 1, 'K', 1, 'K', 1, 'K', 1, 'K', 1, 'e', '.'};
                    assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(sixNodes)))
                            .isInstanceOf(ProtocolException.class).hasMessageContaining("max-nodes=5");
                    // 17 NONE left on the stack
                    byte[] seventeen = new byte[20];
                    Arrays.fill(seventeen, (byte) 'N');
                    seventeen[0] = (byte) 0x80;
                    seventeen[1] = 4;
                    seventeen[19] = '.';
                    assertThatThrownBy(() -> codec.decode(Unpooled.wrappedBuffer(seventeen)))
                            .isInstanceOf(ProtocolException.class).hasMessageContaining("max-stack=16");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "p2p.pickle.max-nodes=0;p2p.pickle.max-nodes",
            "p2p.pickle.max-depth=0;p2p.pickle.max-depth",
            "p2p.pickle.max-objects-per-byte=0;p2p.pickle.max-objects-per-byte",
            "p2p.pickle.max-objects-per-byte=-1.5;p2p.pickle.max-objects-per-byte",
            "p2p.pickle.max-stack=15;p2p.pickle.max-stack"})
    void anInvalidBudgetFailsStartUpNamingTheProperty(String setting, String property) {
        runner.withPropertyValues(setting).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining(property));
    }
}
