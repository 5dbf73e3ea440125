package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;

/**
 * What a connection is asked for in its HELLO.
 *
 * @param dataType {@code null}: the peer's default
 * @param strict {@code null}: the peer's default
 * @param stream whether only fixed-size payloads, without headers, are exchanged
 * @param dataSize the fixed size of a stream, or {@code null} to learn it from the first message
 */
public record ConnectOptions(DataType dataType, Boolean strict, boolean stream, Integer dataSize) {

    public ConnectOptions {
        if (dataSize != null && (dataSize < 1 || !stream)) {
            throw new IllegalArgumentException(stream ? "dataSize must be positive, was " + dataSize
                    : "dataSize only applies to streaming connections");
        }
    }

    /** The peer's defaults. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, false, null);
    }

    public static ConnectOptions of(DataType dataType) {
        return new ConnectOptions(dataType, null, false, null);
    }

    public ConnectOptions withStrict(boolean value) {
        return new ConnectOptions(dataType, value, stream, dataSize);
    }

    /** A streaming connection; {@code size} 0 learns it from the first message. */
    public ConnectOptions streaming(int size) {
        return new ConnectOptions(dataType, strict, true, size == 0 ? null : size);
    }
}
