package io.p2pboot.codec;

import io.p2pboot.protocol.ProtocolException;
import net.razorvine.pickle.objects.ComplexNumber;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The four builtins a CPython pickle of a plain value may call ({@code bytearray},
 * {@code complex}, {@code set}, {@code frozenset}): pushed by {@link SafeUnpickler} in place of a
 * looked-up global, and evaluated from their arguments here, never by running anything.
 */
enum PickleBuiltin {
    BYTEARRAY, COMPLEX, SET, FROZENSET;

    /** The builtin {@code module.name} names, or {@code null} when it is none of the four. */
    static @Nullable PickleBuiltin named(String module, String name) {
        if (!module.equals("builtins") && !module.equals("__builtin__")) {
            return null;
        }
        switch (name) {
            case "bytearray":
                return BYTEARRAY;
            case "complex":
                return COMPLEX;
            case "set":
                return SET;
            case "frozenset":
                return FROZENSET;
            default:
                return null;
        }
    }

    static byte[] bytearray(Object[] a) throws ProtocolException {
        if (a.length == 0) {
            return new byte[0];
        }
        if (a.length == 1 && a[0] instanceof byte[]) {
            return (byte[]) a[0];
        }
        if (a.length == 2 && a[0] instanceof String && a[1] instanceof String) {
            String encoding = ((String) a[1]).toLowerCase(Locale.ROOT);
            if (encoding.equals("latin-1") || encoding.equals("latin1") || encoding.equals("iso-8859-1")) {
                return ((String) a[0]).getBytes(StandardCharsets.ISO_8859_1);
            }
            if (encoding.equals("utf-8") || encoding.equals("utf8")) {
                return ((String) a[0]).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (a.length == 1 && a[0] instanceof List) {
            List<?> items = (List<?>) a[0];
            byte[] bytes = new byte[items.size()];
            for (int i = 0; i < bytes.length; i++) {
                Object item = items.get(i);
                if (!(item instanceof Integer) || (Integer) item < 0 || (Integer) item > 255) {
                    throw new ProtocolException("raw payload is not a valid pickle: bad bytearray item");
                }
                bytes[i] = (byte) (int) (Integer) item;
            }
            return bytes;
        }
        throw new ProtocolException("raw payload is not a valid pickle: unsupported bytearray arguments");
    }

    static ComplexNumber complex(Object[] a) throws ProtocolException {
        if (a.length > 2) {
            throw new ProtocolException("raw payload is not a valid pickle: complex takes at most 2 arguments");
        }
        double[] parts = new double[2];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Number)) {
                throw new ProtocolException("raw payload is not a valid pickle: complex of a non-number");
            }
            parts[i] = ((Number) a[i]).doubleValue();
        }
        return new ComplexNumber(parts[0], parts[1]);
    }

    static Collection<?> iterable(Object[] a, String what) throws ProtocolException {
        if (a.length == 0) {
            return Collections.emptyList();
        }
        if (a.length == 1 && a[0] instanceof Collection) {
            return (Collection<?>) a[0];
        }
        if (a.length == 1 && a[0] instanceof Object[]) {
            return Arrays.asList((Object[]) a[0]);
        }
        throw new ProtocolException("raw payload is not a valid pickle: unsupported " + what + " arguments");
    }
}
