package io.p2pboot.codec;

import io.p2pboot.protocol.DataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecsTest {

    @Test
    void everyDataTypeHasItsCodec() {
        PayloadCodecs codecs = PayloadCodecs.standard();
        for (DataType type : DataType.values()) {
            assertThat(codecs.get(type).dataType()).isEqualTo(type);
        }
        assertThat(codecs.get(DataType.JSON)).isInstanceOf(JsonPayloadCodec.class);
        assertThat(codecs.get(DataType.BYTES)).isInstanceOf(BytesPayloadCodec.class);
        assertThat(codecs.get(DataType.RAW)).isInstanceOf(PicklePayloadCodec.class);
    }

    @Test
    void aRegistryMustCoverEachTypeOnce() {
        assertThatThrownBy(() -> PayloadCodecs.of(new BytesPayloadCodec())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodecs.of(new BytesPayloadCodec(), new BytesPayloadCodec()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
