package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;
import org.jspecify.annotations.Nullable;

/**
 * What a connection is asked for in its HELLO; {@code null} components take the peer's defaults.
 *
 * @param dataType the data type of every message
 * @param strict whether a message of another type closes the connection
 * @param stream whether only fixed-size payloads, without headers, are exchanged
 * @param dataSize the fixed size of a stream; 0 learns it from the first message
 */
public record ConnectOptions(@Nullable DataType dataType, @Nullable Boolean strict, @Nullable Boolean stream,
                             @Nullable Integer dataSize) {

    public ConnectOptions {
        if (dataSize != null && dataSize < 0) {
            throw new IllegalArgumentException("dataSize must not be negative, was " + dataSize);
        }
        if (dataSize != null && dataSize > 0 && Boolean.FALSE.equals(stream)) {
            throw new IllegalArgumentException("dataSize only applies to streaming connections");
        }
    }

    /** The peer's defaults. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, null, null);
    }

    public static ConnectOptions of(DataType dataType) {
        return new ConnectOptions(dataType, null, null, null);
    }

    public ConnectOptions withStrict(boolean value) {
        return new ConnectOptions(dataType, value, stream, dataSize);
    }

    /** A streaming connection; {@code size} 0 learns it from the first message. */
    public ConnectOptions streaming(int size) {
        return new ConnectOptions(dataType, strict, true, size);
    }

    /** A connection with headers on every message, whatever the peer's default. */
    public ConnectOptions notStreaming() {
        return new ConnectOptions(dataType, strict, false, null);
    }
}
