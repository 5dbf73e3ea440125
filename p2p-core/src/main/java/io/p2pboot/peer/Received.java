package io.p2pboot.peer;

import io.p2pboot.codec.DeferredValue;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.codec.PayloadTypeMismatchException;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * One message received on a connection (the {@code data} event), decoded by its data type:
 * {@code json} to plain Java values (maps, lists, strings, numbers, booleans, null),
 * {@code bytes} to a {@code byte[]}, {@code raw} to the pickled plain values.
 *
 * <p>What it decodes it keeps: {@link #value()} is built once, and {@link #as} keeps the value
 * of the last type asked for, so the handlers of one message that read it as the same type get
 * the same instance, decoded once. That instance is shared between them: a handler that changes
 * a mutable value (a POJO, a {@code List}) changes it for the handlers after it.
 *
 * <p>When every data handler of a connection reads {@code bytes} as a {@code ByteBuf} or a
 * {@code ByteBuffer} ({@link PeerHandlers.DataHandler#payloadType()}; an {@code @OnData} method's
 * parameter), the value is a read-only view of the received bytes, with no copy, valid only while
 * the handlers run: copy what must outlive the call. (A {@code ByteBuffer} of a large payload,
 * received in pieces, is merged into one: a copy; a {@code ByteBuf} never is.)
 */
public final class Received implements Arrival {

    /** Stands for a natural value not yet built from the {@link #payload kept bytes}. */
    private static final Object UNREAD = new Object();

    private final Connection connection;
    private final DataType dataType;
    /** The natural value, a {@link DeferredValue} until it is asked for, or {@link #UNREAD}. */
    private volatile @Nullable Object value;
    /** The value of the last type asked for, or of the type the message was bound to. */
    private volatile @Nullable Bound bound;
    /** The payload's bytes, kept when the message was bound to a type instead of checked on arrival. */
    private final byte @Nullable [] payload;
    private final PayloadCodec codec;
    private final int size;
    /** The message's number in its session, 0 without one; and whether it was resent as a possible duplicate. */
    private long seq;
    private boolean possibleDuplicate;

    /**
     * A value read as {@code type}, or the reason it could not be. The handlers of one connection
     * run one at a time, so a plain volatile holder is enough: at worst two threads decode twice.
     */
    private record Bound(Type type, @Nullable Object value, @Nullable PayloadTypeMismatchException misfit) {
    }

    /** A message decoded (or checked, a {@link DeferredValue}) on arrival into {@code value}. */
    Received(Connection connection, DataType dataType, @Nullable Object value, PayloadCodec codec, int size) {
        this.connection = connection;
        this.dataType = dataType;
        this.value = value;
        this.payload = null;
        this.codec = codec;
        this.size = size;
    }

    /**
     * A message whose payload was bound to {@code type} by
     * {@link PayloadCodec#decodeOwned(byte[], Type)}: {@code as(type)} answers {@code boundValue}
     * without decoding; the natural value and other types are decoded from the kept bytes.
     */
    Received(Connection connection, DataType dataType, byte[] payload, Type type, @Nullable Object boundValue,
             PayloadCodec codec, int size) {
        this(connection, dataType, payload, new Bound(type, boundValue, null), codec, size);
    }

    private Received(Connection connection, DataType dataType, byte[] payload, Bound bound, PayloadCodec codec,
                     int size) {
        this.connection = connection;
        this.dataType = dataType;
        this.value = bound.type() == Object.class && bound.misfit() == null ? bound.value() : UNREAD;
        this.bound = bound;
        this.payload = payload;
        this.codec = codec;
        this.size = size;
    }

    /**
     * Validates and binds a payload in one pass, on the handler's thread, for handlers that read
     * it as {@code type} (see {@link PeerHandlers.DataHandler#payloadType()}): the payload is
     * parsed once, by {@link PayloadCodec#decodeOwned(byte[], Type)}, and is not checked on arrival
     * before that. A valid payload that does not fit the type is the handlers' problem, not the
     * sender's: the message is still delivered, and {@code as(type)} throws the
     * {@link PayloadTypeMismatchException} to each handler that asks for that type.
     *
     * @param payload an array no one else holds; it is kept for {@link #value()} and other types
     *     (for a frame without an owned array, a copy of its payload: the frame can then be
     *     released at once, and no buffer outlives the delivery)
     * @throws ProtocolException the payload is not valid in its encoding: the sender broke the
     *     protocol, and the connection is to be closed as for a payload rejected on arrival
     */
    static Received bind(Connection connection, DataType dataType, byte[] payload, Type type, PayloadCodec codec,
                         int size) throws ProtocolException {
        Bound bound;
        try {
            bound = new Bound(type, codec.decodeOwned(payload, type), null);
        } catch (PayloadTypeMismatchException e) {
            bound = new Bound(type, null, e);
        }
        return new Received(connection, dataType, payload, bound, codec, size);
    }

    /**
     * Whether the message may have been handled before: the sending peer resent it after this side
     * lost its session (the process restarted), and it had been written before, so it may have been
     * handled by the process that died before its acknowledgment went out. Only ever true on a
     * connection with a session; handlers that must not act twice check it (or make their effect
     * idempotent).
     */
    public boolean possibleDuplicate() {
        return possibleDuplicate;
    }

    /** The message's number in its session; 0 without one. */
    long seq() {
        return seq;
    }

    /** Takes the session fields of the frame it came in. */
    Received sequenced(long seq, boolean possibleDuplicate) {
        this.seq = seq;
        this.possibleDuplicate = possibleDuplicate;
        return this;
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
     * The value in its natural form, built once. For {@code json} it is built on first use (the
     * payload was checked on arrival, or bound to a handler's type), so a handler that only calls
     * {@link #as} never pays for plain maps.
     */
    public @Nullable Object value() {
        Object v = value;
        if (v == UNREAD || v instanceof DeferredValue) {
            try {
                v = v == UNREAD ? codec.decodeOwned(payload(), Object.class) : ((DeferredValue) v).value();
            } catch (ProtocolException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            value = v;
        }
        return v;
    }

    /**
     * The value as a given type: for {@code json} mapped by Jackson (a record, a POJO, a typed
     * {@code List} or {@code Map}); for the other types it must already be one. The value is
     * kept: asked for the same type again, by this handler or the next one of the message, it
     * answers the same instance without decoding.
     *
     * @throws PayloadTypeMismatchException (an {@link IllegalArgumentException}) when it cannot be
     */
    public <T> @Nullable T as(Class<T> type) {
        @SuppressWarnings("unchecked")
        T converted = (T) as((Type) type);
        return converted;
    }

    /** {@link #as(Class)} for a generic type, such as a {@code List<Point>}. */
    public @Nullable Object as(Type type) {
        if (type == Object.class) {
            return value();
        }
        Bound b = bound;
        if (b == null || !b.type().equals(type)) {
            b = read(type);
            bound = b;
        }
        PayloadTypeMismatchException misfit = b.misfit();
        if (misfit != null) {
            // a new exception for each handler, its cause the one the decoding threw
            throw new PayloadTypeMismatchException(String.valueOf(misfit.getMessage()), misfit);
        }
        return b.value();
    }

    /** Decodes the value as {@code type}, from the kept bytes, the checked payload or the natural value. */
    private Bound read(Type type) {
        try {
            Object v = value;
            Object read;
            if (v == UNREAD) {
                read = codec.decodeOwned(payload(), type);
            } else if (v instanceof DeferredValue deferred) {
                read = deferred.as(type);
            } else {
                read = codec.convert(v, type);
            }
            return new Bound(type, read, null);
        } catch (PayloadTypeMismatchException e) {
            return new Bound(type, null, e);
        } catch (ProtocolException e) {
            // The payload was checked on arrival or bound before: what fails now is the type.
            return new Bound(type, null, new PayloadTypeMismatchException(e.getMessage() != null ? e.getMessage()
                    : "a " + dataType.wireName() + " payload cannot be read as " + type.getTypeName(), e));
        }
    }

    private byte[] payload() {
        byte[] p = payload;
        if (p == null) {
            throw new IllegalStateException("no payload kept");
        }
        return p;
    }

    @Override
    public String toString() {
        return "Received[" + dataType + " from " + connection.peerName() + "]";
    }
}
