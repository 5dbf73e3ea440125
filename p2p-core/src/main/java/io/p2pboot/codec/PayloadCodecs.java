package io.p2pboot.codec;

import io.p2pboot.protocol.DataType;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The codec for each {@link DataType}; immutable and shared by all connections of a peer. */
public final class PayloadCodecs {

    private final Map<DataType, PayloadCodec> codecs;

    private PayloadCodecs(Map<DataType, PayloadCodec> codecs) {
        this.codecs = codecs;
    }

    /** The standard codecs, json over the given mapper (the Spring application's, when there is one). */
    public static PayloadCodecs standard(JsonMapper mapper) {
        return standard(mapper, PickleLimits.defaults());
    }

    /** The standard codecs, json over the given mapper, raw decoding within {@code pickleLimits}. */
    public static PayloadCodecs standard(JsonMapper mapper, PickleLimits pickleLimits) {
        return of(new JsonPayloadCodec(mapper), new BytesPayloadCodec(), new PicklePayloadCodec(pickleLimits));
    }

    /** The standard codecs with a default json mapper. */
    public static PayloadCodecs standard() {
        return standard(JsonMapper.builder().build());
    }

    /** A registry of exactly these codecs, one per data type, each type covered. */
    public static PayloadCodecs of(PayloadCodec... codecs) {
        EnumMap<DataType, PayloadCodec> map = new EnumMap<>(DataType.class);
        for (PayloadCodec codec : codecs) {
            if (map.put(codec.dataType(), codec) != null) {
                throw new IllegalArgumentException("two codecs for " + codec.dataType());
            }
        }
        for (DataType type : DataType.values()) {
            if (!map.containsKey(type)) {
                throw new IllegalArgumentException("no codec for " + type);
            }
        }
        return new PayloadCodecs(map);
    }

    /** The codec for {@code type}. */
    public PayloadCodec get(DataType type) {
        return codecs.get(Objects.requireNonNull(type, "type"));
    }
}
