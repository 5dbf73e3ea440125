package io.p2pboot.codec;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.objects.ComplexNumber;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Pyrolite's pickler, adjusted so a CPython peer gets the same types it would pickle itself:
 * {@code byte[]} as {@code bytes} (Pyrolite writes a {@code bytearray}), sets with the
 * protocol-4 set opcodes (no global), {@link ComplexNumber} as {@code complex}. Writes a
 * protocol-4 header: every opcode used is valid there. Not thread-safe: one per payload.
 */
final class SafePickler extends Pickler {

    private static final byte[] COMPLEX_GLOBAL = "builtins\ncomplex\n".getBytes(StandardCharsets.US_ASCII);
    private static final int PROTOCOL_4 = 4;

    SafePickler() {
        super(false);
    }

    /** Writes one whole pickle of {@code value} to {@code stream}. */
    void write(Object value, OutputStream stream) throws IOException {
        out = stream;
        recurse = 0;
        out.write(Opcodes.PROTO);
        out.write(PROTOCOL_4);
        save(value);
        out.write(Opcodes.STOP);
        out.flush();
    }

    @Override
    public void save(Object o) throws PickleException, IOException {
        if (o != null && o.getClass().isArray() && o.getClass().getComponentType().isPrimitive()
                && !(o instanceof byte[])) {
            writePrimitiveArray(o);
        } else if (!isPlain(o)) {
            throw new PickleException(o.getClass().getName() + " is not a plain value (None, bool, int, float,"
                    + " str, bytes, list, tuple, dict, set, complex)");
        } else if (o instanceof byte[]) {
            writeBytes((byte[]) o);
        } else if (o instanceof Set) {
            writeSet((Set<?>) o);
        } else if (o instanceof ComplexNumber) {
            ComplexNumber c = (ComplexNumber) o;
            out.write(Opcodes.GLOBAL);
            out.write(COMPLEX_GLOBAL);
            save(c.getReal());
            save(c.getImaginary());
            out.write(Opcodes.TUPLE2);
            out.write(Opcodes.REDUCE);
        } else {
            super.save(o);
        }
    }

    /**
     * Only values a Python peer reads as plain values: Pyrolite would otherwise pickle other
     * objects as dicts of their getters, or as globals that no safe unpickler accepts.
     */
    private static boolean isPlain(Object o) {
        return o == null || o instanceof String || o instanceof Boolean || o instanceof Integer
                || o instanceof Long || o instanceof Double || o instanceof java.math.BigInteger
                || o instanceof Short || o instanceof Byte || o instanceof Float || o instanceof Character
                || o instanceof byte[] || o instanceof Object[] || o instanceof java.util.Collection
                || o instanceof java.util.Map || o instanceof ComplexNumber;
    }

    /** Primitive arrays become lists (Pyrolite would write an {@code array.array}). */
    private void writePrimitiveArray(Object array) throws IOException {
        int n = java.lang.reflect.Array.getLength(array);
        out.write(Opcodes.EMPTY_LIST);
        if (n == 0) {
            return;
        }
        out.write(Opcodes.MARK);
        for (int i = 0; i < n; i++) {
            save(java.lang.reflect.Array.get(array, i));
        }
        out.write(Opcodes.APPENDS);
    }

    private void writeBytes(byte[] bytes) throws IOException {
        if (bytes.length < 256) {
            out.write(Opcodes.SHORT_BINBYTES);
            out.write(bytes.length);
        } else {
            out.write(Opcodes.BINBYTES);
            int n = bytes.length;
            out.write(n & 0xff);
            out.write((n >>> 8) & 0xff);
            out.write((n >>> 16) & 0xff);
            out.write((n >>> 24) & 0xff);
        }
        out.write(bytes);
    }

    private void writeSet(Set<?> set) throws IOException {
        out.write(Opcodes.EMPTY_SET);
        if (set.isEmpty()) {
            return;
        }
        out.write(Opcodes.MARK);
        for (Object item : set) {
            save(item);
        }
        out.write(Opcodes.ADDITEMS);
    }
}
