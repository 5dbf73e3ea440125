package io.p2pboot.protocol;

/** The payload encodings a connection can agree on, with their exact wire names. */
public enum DataType {
    /** UTF-8 JSON wrapping the value as {@code {"data": VALUE}}. */
    JSON("json"),
    /** The bytes as they are. */
    BYTES("bytes"),
    /** A Python pickle of a plain value. */
    RAW("raw");

    private final String wireName;

    DataType(String wireName) {
        this.wireName = wireName;
    }

    /** The name written in {@code data_type=}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name exactly (case-sensitive, as the Python peer compares them).
     *
     * @throws ProtocolException when the name is not one of {@code json}, {@code bytes}, {@code raw}
     */
    public static DataType fromWire(String name) throws ProtocolException {
        DataType type = fromWireOrNull(name);
        if (type == null) {
            throw new ProtocolException("unknown data_type '" + Header.printable(name) + "'");
        }
        return type;
    }

    /** Like {@link #fromWire(String)} but answers {@code null} for an unknown name. */
    public static DataType fromWireOrNull(String name) {
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
