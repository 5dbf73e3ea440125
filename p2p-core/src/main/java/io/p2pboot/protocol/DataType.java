package io.p2pboot.protocol;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The payload encodings a connection can agree on, with their exact wire names. */
public enum DataType {
    /** UTF-8 JSON wrapping the value as {@code {"data": VALUE}}. */
    JSON("json"),
    /** The bytes as they are. */
    BYTES("bytes"),
    /** A Python pickle of a plain value. */
    RAW("raw");

    private final String wireName;
    /** The wire name's ASCII bytes, for the DATA header's fast writer and parser; never modified. */
    private final byte[] wireBytes;

    DataType(String wireName) {
        this.wireName = wireName;
        this.wireBytes = wireName.getBytes(StandardCharsets.US_ASCII);
    }

    /** The name written in {@code data_type=}. */
    public String wireName() {
        return wireName;
    }

    /** {@link #wireName()} in ASCII; the array is shared, so callers must not change it. */
    byte[] wireBytes() {
        return wireBytes;
    }

    /**
     * Parses a wire name exactly (case-sensitive, as the Python peer compares them).
     *
     * @throws ProtocolException when the name is not one of {@code json}, {@code bytes}, {@code raw}
     */
    public static DataType fromWire(@Nullable String name) throws ProtocolException {
        DataType type = fromWireOrNull(name);
        if (type == null) {
            throw new ProtocolException("unknown data_type '" + Printable.of(name) + "'");
        }
        return type;
    }

    /** Like {@link #fromWire(String)} but answers {@code null} for an unknown name. */
    public static @Nullable DataType fromWireOrNull(@Nullable String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "json":
                return JSON;
            case "bytes":
                return BYTES;
            case "raw":
                return RAW;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return wireName;
    }
}
