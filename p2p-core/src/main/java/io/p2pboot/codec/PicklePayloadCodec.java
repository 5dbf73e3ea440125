package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.ProtocolException;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code raw} encoding: a Python pickle of a plain value (None, bool, int of any size,
 * float, str, bytes, list, tuple, dict, set, plus bytearray and complex). Reading never runs
 * code or instantiates classes: see {@link SafeUnpickler}. Java mapping on read: None→null,
 * int→Integer/Long/BigInteger, float→Double, bytes/bytearray→byte[], list→List,
 * tuple→Object[], dict→LinkedHashMap, set→HashSet, frozenset→unmodifiable Set,
 * complex→{@link net.razorvine.pickle.objects.ComplexNumber}. A pickle over one of its
 * {@link PickleLimits} is refused with a reason naming the budget. Values are written byte for
 * byte as CPython's {@code pickle.dumps} writes them (see {@link SafePickler}).
 */
public final class PicklePayloadCodec implements PayloadCodec {

    private final PickleLimits limits;

    /** A codec with the {@linkplain PickleLimits#defaults() default} budgets. */
    public PicklePayloadCodec() {
        this(PickleLimits.defaults());
    }

    /** A codec whose decoding keeps within {@code limits}. */
    public PicklePayloadCodec(PickleLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The budgets of this codec's decoding. */
    public PickleLimits limits() {
        return limits;
    }

    @Override
    public DataType dataType() {
        return DataType.RAW;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, @Nullable Object value) throws ProtocolException {
        ByteBuf buf = alloc.buffer();
        try {
            new SafePickler(buf).write(value);
            return buf;
        } catch (ProtocolException e) {
            buf.release();
            throw new ProtocolException("cannot pickle " + (value == null ? "null" : value.getClass().getName())
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    @Override
    public @Nullable Object decode(ByteBuf payload) throws ProtocolException {
        ByteBuf view = payload.duplicate();
        return new SafeUnpickler(view, limits).read(new ByteBufInputStream(view));
    }
}
