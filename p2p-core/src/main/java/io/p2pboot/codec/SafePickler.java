package io.p2pboot.codec;

import static io.p2pboot.codec.PickleOpcodes.*;

import io.netty.buffer.ByteBuf;
import io.p2pboot.protocol.ProtocolException;
import net.razorvine.pickle.objects.ComplexNumber;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes plain values byte for byte as CPython's {@code pickle.dumps(value)} does with its
 * default protocol 4 (the C pickler), because a Python peer on a stream checks each message's
 * size against the stream's: the same value must make the same bytes in both languages.
 *
 * <p>What that takes: the opcodes CPython chooses for each size of int, str and bytes; lists,
 * dicts and sets written in batches of 1,000 (with CPython's quirks: one item is appended
 * without a mark, a dict or set of exactly 1,000·n items ends with an empty batch); every str,
 * bytes, non-empty tuple, list, dict and set memoized, and written again as a memo reference
 * when the very same object (Java identity, as Python's memo is by {@code id}) comes back;
 * frames of at least 64 KiB closed before the next value, frames under 4 bytes left unframed,
 * and str or bytes of 64 KiB or more written outside any frame.
 *
 * <p>Java to Python: null→None, Boolean→bool, Byte/Short/Integer/Long/BigInteger→int,
 * Float/Double→float, String/Character→str, byte[]→bytes, Object[]→tuple, Set→set,
 * other Collections and primitive arrays→list, Map→dict, ComplexNumber→complex. One instance
 * writes one pickle; not thread-safe. Frames are {@link PickleFrames}' job; this class writes
 * values and their memo references, with the opcodes of {@link PickleOpcodes}.
 */
final class SafePickler {

    private static final int BATCH_SIZE = 1000;
    /** About CPython's recursion limit, where its pickler gives up too. */
    private static final int MAX_DEPTH = 1000;

    /** Stands for the type {@code complex} in the memo, as CPython memoizes the class it refers to. */
    private static final Object COMPLEX_TYPE = new Object();

    private final ByteBuf out;
    private final PickleFrames frames;
    private @Nullable IdentityMemo memo;
    private int depth;

    /** A pickler appending to {@code out}. */
    SafePickler(ByteBuf out) {
        this.out = out;
        this.frames = new PickleFrames(out);
    }

    /** Appends one whole pickle of {@code value}. */
    void write(@Nullable Object value) throws ProtocolException {
        out.writeByte(PROTO);
        out.writeByte(4);
        frames.resume();
        save(value);
        frame();
        out.writeByte(STOP);
        frames.commit();
    }

    private void save(@Nullable Object o) throws ProtocolException {
        if (++depth > MAX_DEPTH) {
            throw new ProtocolException("cannot pickle a value nested more than " + MAX_DEPTH + " deep");
        }
        frames.atValue();
        frame();
        if (o == null) {
            out.writeByte(NONE);
        } else if (o instanceof Boolean) {
            out.writeByte((Boolean) o ? NEWTRUE : NEWFALSE);
        } else if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            saveInt(((Number) o).longValue());
        } else if (o instanceof Double || o instanceof Float) {
            out.writeByte(BINFLOAT);
            out.writeLong(Double.doubleToRawLongBits(((Number) o).doubleValue()));
        } else if (o instanceof BigInteger) {
            saveBigInt((BigInteger) o);
        } else if (o instanceof Object[] || o instanceof ComplexNumber) {
            int index = memo == null ? -1 : memo.get(o);
            if (index >= 0) {
                memoGet(index);
            } else if (o instanceof Object[]) {
                saveTuple((Object[]) o);
            } else {
                saveComplex((ComplexNumber) o);
            }
        } else {
            // Memoized as soon as written: look up and take the next index in one go.
            if (memo == null) {
                memo = new IdentityMemo();
            }
            int index = memo.getOrAdd(o);
            if (index >= 0) {
                memoGet(index);
            } else {
                saveMemoizedFirst(o);
            }
        }
        depth--;
    }

    /** Values whose MEMOIZE comes right after their first opcodes; their memo index is already taken. */
    private void saveMemoizedFirst(Object o) throws ProtocolException {
        if (o instanceof String) {
            saveStr((String) o);
        } else if (o instanceof Character) {
            saveStr(o.toString());
        } else if (o instanceof byte[]) {
            saveBytes((byte[]) o);
        } else if (o instanceof Set) {
            saveSet((Set<?>) o);
        } else if (o instanceof Collection) {
            saveList(((Collection<?>) o).size(), ((Collection<?>) o).iterator());
        } else if (o instanceof Map) {
            saveDict((Map<?, ?>) o);
        } else if (o.getClass().isArray()) {
            saveList(Array.getLength(o), new PrimitiveArrayIterator(o));
        } else {
            throw new ProtocolException(o.getClass().getName() + " is not a plain value (None, bool, int, float,"
                    + " str, bytes, list, tuple, dict, set, complex)");
        }
    }

    private void saveInt(long v) throws ProtocolException {
        if (v >= 0 && v <= 0xff) {
            out.writeByte(BININT1);
            out.writeByte((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.writeByte(BININT2);
            out.writeShortLE((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.writeByte(BININT);
            out.writeIntLE((int) v);
        } else {
            saveBigInt(BigInteger.valueOf(v));
        }
    }

    /** LONG1 or LONG4 with the shortest little-endian two's complement, as CPython's encode_long. */
    private void saveBigInt(BigInteger v) throws ProtocolException {
        if (v.bitLength() < 32) {
            saveInt(v.longValue());
            return;
        }
        byte[] bigEndian = v.toByteArray();
        int n = bigEndian.length;
        if (n < 256) {
            out.writeByte(LONG1);
            out.writeByte(n);
        } else {
            out.writeByte(LONG4);
            out.writeIntLE(n);
        }
        for (int i = n - 1; i >= 0; i--) {
            out.writeByte(bigEndian[i]);
        }
    }

    private void saveStr(String s) throws ProtocolException {
        int n = PythonUtf8.length(s);
        if (n >= PickleFrames.TARGET_SIZE) {
            frames.suspend();
        }
        if (n <= 0xff) {
            out.writeByte(SHORT_BINUNICODE);
            out.writeByte(n);
        } else {
            out.writeByte(BINUNICODE);
            out.writeIntLE(n);
        }
        PythonUtf8.write(out, s, n);
        frames.resume();
        writeMemoize();
    }

    private void saveBytes(byte[] b) throws ProtocolException {
        if (b.length >= PickleFrames.TARGET_SIZE) {
            frames.suspend();
        }
        if (b.length <= 0xff) {
            out.writeByte(SHORT_BINBYTES);
            out.writeByte(b.length);
        } else {
            out.writeByte(BINBYTES);
            out.writeIntLE(b.length);
        }
        out.writeBytes(b);
        frames.resume();
        writeMemoize();
    }

    private void saveTuple(Object[] t) throws ProtocolException {
        int n = t.length;
        if (n == 0) {
            out.writeByte(EMPTY_TUPLE);
            return;
        }
        if (n > 3) {
            out.writeByte(MARK);
        }
        for (Object item : t) {
            save(item);
        }
        frame();
        int index = memo == null ? -1 : memo.get(t);
        if (index >= 0) {
            // The tuple contains itself through a list or dict: drop the items, refer to the memo.
            if (n > 3) {
                out.writeByte(POP_MARK);
            } else {
                for (int i = 0; i < n; i++) {
                    out.writeByte(POP);
                }
            }
            memoGet(index);
            return;
        }
        out.writeByte(n > 3 ? TUPLE : TUPLE1 + n - 1);
        memoize(t);
    }

    private void saveList(int size, Iterator<?> items) throws ProtocolException {
        out.writeByte(EMPTY_LIST);
        writeMemoize();
        if (size == 1) {
            save(items.next());
            frame();
            out.writeByte(APPEND);
            return;
        }
        int total = 0;
        while (total < size) {
            frame();
            out.writeByte(MARK);
            for (int batch = 0; total < size && batch < BATCH_SIZE; batch++, total++) {
                save(items.next());
            }
            frame();
            out.writeByte(APPENDS);
        }
    }

    private void saveDict(Map<?, ?> map) throws ProtocolException {
        out.writeByte(EMPTY_DICT);
        writeMemoize();
        int size = map.size();
        if (size == 0) {
            return;
        }
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        if (size == 1) {
            Map.Entry<?, ?> e = entries.next();
            save(e.getKey());
            save(e.getValue());
            frame();
            out.writeByte(SETITEM);
            return;
        }
        int batch;
        do {
            frame();
            out.writeByte(MARK);
            for (batch = 0; batch < BATCH_SIZE && entries.hasNext(); batch++) {
                Map.Entry<?, ?> e = entries.next();
                save(e.getKey());
                save(e.getValue());
            }
            frame();
            out.writeByte(SETITEMS);
        } while (batch == BATCH_SIZE);
    }

    private void saveSet(Set<?> set) throws ProtocolException {
        out.writeByte(EMPTY_SET);
        writeMemoize();
        if (set.isEmpty()) {
            return;
        }
        Iterator<?> items = set.iterator();
        int batch;
        do {
            frame();
            out.writeByte(MARK);
            for (batch = 0; batch < BATCH_SIZE && items.hasNext(); batch++) {
                save(items.next());
            }
            frame();
            out.writeByte(ADDITEMS);
        } while (batch == BATCH_SIZE);
    }

    /** {@code complex(re, im)} as CPython reduces it: the global, a 2-tuple of floats, REDUCE. */
    private void saveComplex(ComplexNumber c) throws ProtocolException {
        int type = memo == null ? -1 : memo.get(COMPLEX_TYPE);
        if (type >= 0) {
            memoGet(type);
        } else {
            save("builtins");
            save("complex");
            frame();
            out.writeByte(STACK_GLOBAL);
            memoize(COMPLEX_TYPE);
        }
        save(new Object[] {c.getReal(), c.getImaginary()});
        frame();
        out.writeByte(REDUCE);
        memoize(c);
    }

    /** Memoizes {@code o}, written just now, under the next index. */
    private void memoize(Object o) {
        if (memo == null) {
            memo = new IdentityMemo();
        }
        memo.add(o);
        writeMemoize();
    }

    private void writeMemoize() {
        frame();
        out.writeByte(MEMOIZE);
    }

    private void frame() {
        frames.open();
    }

    private void memoGet(int index) {
        if (index < 256) {
            out.writeByte(BINGET);
            out.writeByte(index);
        } else {
            out.writeByte(LONG_BINGET);
            out.writeIntLE(index);
        }
    }
}
