package io.p2pboot.peer;

import io.p2pboot.codec.DeferredValue;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import java.lang.reflect.Type;

/**
 * One message received on a connection (the {@code data} event), decoded by its data type:
 * {@code json} to plain Java values (maps, lists, strings, numbers, booleans, null),
 * {@code bytes} to a {@code byte[]}, {@code raw} to the pickled plain values.
 */
public final class Received implements Arrival {

    private final Connection connection;
    private final DataType dataType;
    /** The decoded value, or a {@link DeferredValue} until the value is asked for. */
    private volatile Object value;
    private final PayloadCodec codec;
    private final int size;

    Received(Connection connection, DataType dataType, Object value, PayloadCodec codec, int size) {
        this.connection = connection;
        this.dataType = dataType;
        this.value = value;
        this.codec = codec;
        this.size = size;
    }

    /** The payload's size on the wire, in bytes. */
    public int size() {
        return size;
    }

    public Connection connection() {
        return connection;
    }

    /** The type the message was decoded by: the connection's, or on a non-strict connection the sender's. */
    public DataType dataType() {
        return dataType;
    }

    /**
     * The value in its natural form. For {@code json} it is built on first use (the payload was
     * checked on arrival), so a handler that only calls {@link #as} never pays for plain maps.
     */
    public Object value() {
        Object v = value;
        if (v instanceof DeferredValue deferred) {
            try {
                v = deferred.value();
            } catch (ProtocolException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            value = v;
        }
        return v;
    }

    /**
     * The value as a given type: for {@code json} mapped by Jackson (a record, a POJO, a typed
     * {@code List} or {@code Map}); for the other types it must already be one.
     *
     * @throws IllegalArgumentException when it cannot be
     */
    public <T> T as(Class<T> type) {
        @SuppressWarnings("unchecked")
        T converted = (T) as((Type) type);
        return converted;
    }

    public Object as(Type type) {
        try {
            Object v = value;
            if (v instanceof DeferredValue deferred) {
                return deferred.as(type);
            }
            return codec.convert(v, type);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Received[" + dataType + " from " + connection.peerName() + "]";
    }
}
