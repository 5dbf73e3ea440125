package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Turns values into payload bytes and back for one {@link DataType}. Codecs are stateless and
 * thread-safe. They never take ownership of the buffers they are given: {@code decode} reads
 * the payload's readable bytes without moving its reader index and without releasing it.
 */
public interface PayloadCodec {

    /** The data type whose payloads this codec reads and writes. */
    DataType dataType();

    /**
     * Encodes {@code value} into a new buffer from {@code alloc}, owned by the caller.
     *
     * @throws ProtocolException when the value cannot be written in this encoding
     */
    ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value) throws ProtocolException;

    /**
     * Encodes {@code value} behind {@code headroom} free bytes at the start of the buffer, where
     * the caller writes a frame header: header and payload leave in one buffer. The default
     * encodes, then puts the room in front: a small payload is copied behind it, a larger one
     * joined to it without a copy. A codec that can write after the room directly overrides it.
     *
     * @throws ProtocolException when the value cannot be written in this encoding
     */
    default ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value, int headroom) throws ProtocolException {
        ByteBuf payload = encode(alloc, value);
        if (headroom == 0) {
            return payload;
        }
        int size = payload.readableBytes();
        if (size <= HEADROOM_COPY_LIMIT) {
            ByteBuf framed = alloc.buffer(headroom + size);
            framed.writerIndex(headroom).writeBytes(payload);
            payload.release();
            return framed;
        }
        // Room of the payload's kind: a direct payload behind heap room would be copied whole to
        // reach the socket; all direct, the parts are written as they are (a gathering write).
        ByteBuf room = payload.isDirect() ? alloc.directBuffer(headroom) : alloc.heapBuffer(headroom);
        room.writerIndex(headroom);
        return alloc.compositeBuffer(2).addComponents(true, room, payload);
    }

    /** Up to this size, the default {@link #encode(ByteBufAllocator, Object, int)} copies a payload behind the room. */
    int HEADROOM_COPY_LIMIT = 1024;

    /**
     * The payload of {@code value} when it is the value's own bytes, sent as they are (a
     * {@code byte[]} on a {@code bytes} connection): the sender copies them once, straight into
     * the outgoing buffer. {@code null} when the value must be encoded (the default).
     */
    default byte @Nullable [] payloadBytes(@Nullable Object value) {
        return null;
    }

    /**
     * Decodes a payload into its natural Java form ({@code null} for Python's {@code None}).
     *
     * @throws ProtocolException when the payload is not valid in this encoding
     */
    @Nullable Object decode(ByteBuf payload) throws ProtocolException;

    /**
     * Decodes a payload given as an array that no one else holds (a large message collected by
     * the frame decoder): a codec whose value is the bytes themselves may keep the array.
     *
     * @throws ProtocolException when the payload is not valid in this encoding
     */
    default @Nullable Object decodeOwned(byte[] payload) throws ProtocolException {
        return decode(Unpooled.wrappedBuffer(payload));
    }

    /**
     * Decodes an owned payload straight into {@code type} in one pass, validation and binding
     * together, and says precisely what went wrong: this is how a receiver that knows its type in
     * advance reads a message on the handler's thread, with no check on the event loop before it.
     * The default decodes with {@link #decodeOwned(byte[])}, then reads the value as the type with
     * {@link #convert} (only a value that already is of it, unless the codec says otherwise); the
     * json codec parses the payload once, into the type.
     *
     * @param type the type to read the value as; {@code Object.class} for its natural form
     * @throws ProtocolException when the payload is not valid in this encoding: the sender broke
     *     the protocol (the same payloads that {@link #decodeOwned(byte[])} rejects)
     * @throws PayloadTypeMismatchException when the payload is valid but its value does not fit
     *     {@code type}: the reader's problem, not the sender's
     */
    default @Nullable Object decodeOwned(byte[] payload, Type type) throws ProtocolException {
        Object value = decodeOwned(payload);
        try {
            if (value instanceof DeferredValue deferred) {
                return type == Object.class ? deferred.value() : deferred.as(type);
            }
            return convert(value, type);
        } catch (ProtocolException e) {
            // decodeOwned accepted the payload: what fails now is the type
            throw new PayloadTypeMismatchException(e.getMessage() != null ? e.getMessage()
                    : "a " + dataType().wireName() + " payload cannot be read as " + type.getTypeName(), e);
        }
    }

    /**
     * Whether {@link #decodeOwned} is cheap and runs nothing but this library's code (a check,
     * not the building of application objects), so the event loop may call it as a message
     * arrives. Off by default; codecs from elsewhere are always called on the handler's thread.
     */
    default boolean decodesOnEventLoop() {
        return false;
    }

    /**
     * Decodes a payload into {@code type}. The default accepts only values that already are
     * of that type; the json codec converts (records, POJOs, generic collections).
     *
     * @throws ProtocolException when the payload is not valid or does not fit the type
     */
    default @Nullable Object decode(ByteBuf payload, Type type) throws ProtocolException {
        Object value = decode(payload);
        if (!fits(value, type)) {
            throw new ProtocolException(misfit("payload", value, type));
        }
        return value;
    }

    /** Typed convenience over {@link #decode(ByteBuf, Type)}. */
    default <T> @Nullable T decode(ByteBuf payload, Class<T> type) throws ProtocolException {
        @SuppressWarnings("unchecked")
        T value = (T) decode(payload, (Type) type);
        return value;
    }

    /**
     * Converts an already decoded value to another type: the json codec maps it with Jackson
     * (a {@code Map} to a record, say); the others only check that it is one.
     */
    default @Nullable Object convert(@Nullable Object value, Type type) throws ProtocolException {
        if (!fits(value, type)) {
            throw new ProtocolException(misfit("value", value, type));
        }
        return value;
    }

    /** Whether a decoded value already is of {@code type} ({@code null} is of every type). */
    private static boolean fits(@Nullable Object value, Type type) {
        if (value == null || type == Object.class) {
            return true;
        }
        Class<?> raw = Types.rawClass(type);
        return raw != null && Types.box(raw).isInstance(value);
    }

    private String misfit(String what, @Nullable Object value, Type type) {
        return "a " + dataType().wireName() + " " + what + " of "
                + (value == null ? "null" : value.getClass().getName()) + " cannot be read as " + type.getTypeName();
    }
}
