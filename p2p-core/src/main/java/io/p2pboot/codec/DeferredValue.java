package io.p2pboot.codec;

import io.p2pboot.protocol.ProtocolException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * A payload already checked to be valid whose Java value is built only when asked for, and
 * then straight into the type asked for: one parse into a record instead of a parse into plain
 * maps and a conversion of those. {@link PayloadCodec#decodeOwned(byte[])} may return one.
 */
public interface DeferredValue {

    /** The value in its natural Java form (what {@link PayloadCodec#decode} gives). */
    @Nullable Object value() throws ProtocolException;

    /** The value read as {@code type}. */
    @Nullable Object as(Type type) throws ProtocolException;
}
