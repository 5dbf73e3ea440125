package io.p2pboot.codec;

import io.netty.buffer.ByteBuf;
import io.p2pboot.protocol.Printable;
import io.p2pboot.protocol.ProtocolException;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ComplexNumber;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An unpickler that builds plain values only and never runs code: every opcode that names a
 * class, calls something or refers outside the pickle is refused, except the four builtins a
 * CPython pickle of a plain value needs ({@code bytearray}, {@code complex}, {@code set},
 * {@code frozenset}), which are evaluated here ({@link PickleBuiltin}) rather than looked up.
 *
 * <p>It also defends against hostile sizes: a length prefix larger than what remains of the
 * payload, over-long numeric text (CPython's own 4300-digit limit), unhashable set elements or
 * dict keys (which would make Java hash a deep structure), and quadratic list growth. Dicts keep
 * their insertion order, as in Python. One instance reads one payload; not thread-safe.
 *
 * <p>Longer than most classes for one reason: it is one switch over every opcode, each case the
 * check that opcode needs, plus the container rules (hashable keys, budgets) the cases share;
 * kept side by side, they show that no opcode is missed.
 */
final class SafeUnpickler extends Unpickler {

    /** CPython's default limit on the digits of an int read from text. */
    static final int MAX_NUMBER_TEXT = 4300;

    /** Python's {@code ()}: immutable, so one instance serves every empty tuple. */
    private static final Object[] EMPTY_TUPLE = new Object[0];

    private final ByteBuf in;
    private final PickleBudget budget;
    private final PickleMemo memoTable = new PickleMemo();
    private int pendingBuiltins;

    /**
     * Reads from {@code in}, which must be a private view: its reader index is consumed. The
     * budgets are those of {@code limits} for a pickle of {@code in}'s readable length.
     */
    SafeUnpickler(ByteBuf in, PickleLimits limits) {
        this.in = in;
        this.budget = new PickleBudget(limits, in.readableBytes());
    }

    Object read(InputStream stream) throws ProtocolException {
        try {
            return load(stream);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException("raw payload is not a valid pickle: " + describe(e), e);
        } catch (StackOverflowError e) {
            throw new ProtocolException("raw payload nests too deeply");
        } finally {
            close();
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        Object result = dispatchOpcode(key);
        budget.checkStack(stack.size());
        return result;
    }

    private Object dispatchOpcode(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                pushGlobal(module, name);
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL: {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String) || !(name instanceof String)) {
                    throw refused("STACK_GLOBAL", "with non-string operands");
                }
                pushGlobal((String) module, (String) name);
                return NO_RETURN_VALUE;
            }
            case Opcodes.REDUCE:
                reduce();
                return NO_RETURN_VALUE;
            case Opcodes.INST:
                throw refused("INST", "(creates a class instance)");
            case Opcodes.OBJ:
                throw refused("OBJ", "(creates a class instance)");
            case Opcodes.NEWOBJ:
                throw refused("NEWOBJ", "(creates a class instance)");
            case Opcodes.NEWOBJ_EX:
                throw refused("NEWOBJ_EX", "(creates a class instance)");
            case Opcodes.BUILD:
                throw refused("BUILD", "(sets an object's state)");
            case Opcodes.EXT1:
            case Opcodes.EXT2:
            case Opcodes.EXT4:
                throw refused("EXT1/EXT2/EXT4", "(names a registered class)");
            case Opcodes.PERSID:
            case Opcodes.BINPERSID:
                throw refused("PERSID/BINPERSID", "(refers to an outside object)");
            case Opcodes.NEXT_BUFFER:
            case Opcodes.READONLY_BUFFER:
                throw refused("NEXT_BUFFER/READONLY_BUFFER", "(out-of-band buffers)");
            case Opcodes.EMPTY_LIST:
                stack.add(budget.container(new ArrayList<>(0)));
                return NO_RETURN_VALUE;
            case Opcodes.EMPTY_DICT:
                stack.add(budget.container(new LinkedHashMap<>()));
                return NO_RETURN_VALUE;
            case Opcodes.EMPTY_SET:
                stack.add(budget.container(new HashSet<>()));
                return NO_RETURN_VALUE;
            case Opcodes.EMPTY_TUPLE:
                stack.add(EMPTY_TUPLE);
                return NO_RETURN_VALUE;
            case Opcodes.LIST: {
                List<Object> items = stack.pop_all_since_marker();
                List<Object> list = budget.container(new ArrayList<>(items.size()));
                appendAll(list, items);
                stack.add(list);
                return NO_RETURN_VALUE;
            }
            case Opcodes.TUPLE:
                stack.add(budget.tuple(stack.pop_all_since_marker().toArray()));
                return NO_RETURN_VALUE;
            case Opcodes.TUPLE1:
                stack.add(budget.tuple(new Object[] {stack.pop()}));
                return NO_RETURN_VALUE;
            case Opcodes.TUPLE2: {
                Object b = stack.pop();
                Object a = stack.pop();
                stack.add(budget.tuple(new Object[] {a, b}));
                return NO_RETURN_VALUE;
            }
            case Opcodes.TUPLE3: {
                Object c = stack.pop();
                Object b = stack.pop();
                Object a = stack.pop();
                stack.add(budget.tuple(new Object[] {a, b, c}));
                return NO_RETURN_VALUE;
            }
            case Opcodes.DICT: {
                List<Object> pairs = stack.pop_all_since_marker();
                stack.add(putPairs(budget.container(new LinkedHashMap<>()), pairs));
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEM: {
                Object value = stack.pop();
                Object k = stack.pop();
                put(dict(stack.peek()), k, value);
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEMS: {
                List<Object> pairs = stack.pop_all_since_marker();
                putPairs(dict(stack.peek()), pairs);
                return NO_RETURN_VALUE;
            }
            case Opcodes.APPEND: {
                Object value = stack.pop();
                List<Object> list = list(stack.peek());
                budget.place(list, value);
                list.add(value);
                return NO_RETURN_VALUE;
            }
            case Opcodes.APPENDS: {
                List<Object> items = stack.pop_all_since_marker();
                appendAll(list(stack.peek()), items);
                return NO_RETURN_VALUE;
            }
            case Opcodes.ADDITEMS: {
                List<Object> items = stack.pop_all_since_marker();
                Object target = stack.peek();
                if (!(target instanceof HashSet)) {
                    throw new ProtocolException("raw payload is not a valid pickle: ADDITEMS on a non-set");
                }
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) target;
                addHashables(set, items);
                return NO_RETURN_VALUE;
            }
            case Opcodes.FROZENSET:
                stack.add(frozenset(stack.pop_all_since_marker()));
                return NO_RETURN_VALUE;
            case Opcodes.MEMOIZE:
                memoTable.memoize(stack.peek(), budget);
                return NO_RETURN_VALUE;
            case Opcodes.PUT:
                memoTable.put(parseIndex(PickleUtils.readline(input)), stack.peek(), budget);
                return NO_RETURN_VALUE;
            case Opcodes.BINPUT:
                memoTable.put(readUnsigned(1), stack.peek(), budget);
                return NO_RETURN_VALUE;
            case Opcodes.LONG_BINPUT:
                memoTable.put(readUnsigned(4), stack.peek(), budget);
                return NO_RETURN_VALUE;
            case Opcodes.GET:
                push(memoTable.get(parseIndex(PickleUtils.readline(input))));
                return NO_RETURN_VALUE;
            case Opcodes.BINGET:
                push(memoTable.get(readUnsigned(1)));
                return NO_RETURN_VALUE;
            case Opcodes.LONG_BINGET:
                push(memoTable.get(readUnsigned(4)));
                return NO_RETURN_VALUE;
            case Opcodes.DUP:
                push(stack.peek());
                return NO_RETURN_VALUE;
            case Opcodes.BINSTRING:
            case Opcodes.BINBYTES:
            case Opcodes.BINUNICODE:
            case Opcodes.LONG4:
                checkLength(in.readableBytes() >= 4 ? in.getIntLE(in.readerIndex()) : -1, 4);
                budget.allocate(key == Opcodes.BINBYTES ? 1 : 2);
                return super.dispatch(key);
            case Opcodes.BINBYTES8:
            case Opcodes.BINUNICODE8:
            case Opcodes.BYTEARRAY8:
                checkLength(in.readableBytes() >= 8 ? in.getLongLE(in.readerIndex()) : -1, 8);
                budget.allocate(key == Opcodes.BINUNICODE8 ? 2 : 1);
                return super.dispatch(key);
            case Opcodes.INT:
            case Opcodes.LONG:
            case Opcodes.FLOAT:
                checkNumberText();
                budget.allocate(2);
                return super.dispatch(key);
            case Opcodes.STRING:
            case Opcodes.UNICODE:
            case Opcodes.SHORT_BINSTRING:
            case Opcodes.SHORT_BINUNICODE:
            case Opcodes.LONG1:
                budget.allocate(2);
                return super.dispatch(key);
            case Opcodes.SHORT_BINBYTES:
            case Opcodes.BININT:
            case Opcodes.BININT1:
            case Opcodes.BININT2:
            case Opcodes.BINFLOAT:
                budget.allocate(1);
                return super.dispatch(key);
            case Opcodes.STOP: {
                if (pendingBuiltins != 0) {
                    throw refused("GLOBAL", "of a builtin that is not called");
                }
                return super.dispatch(key);
            }
            default:
                return super.dispatch(key);
        }
    }

    /** Pushes a reference to a value already on the stack or in the memo. */
    private void push(@Nullable Object value) {
        if (value instanceof PickleBuiltin) {
            pendingBuiltins++;
        }
        stack.add(value);
    }

    private long readUnsigned(int bytes) throws ProtocolException {
        if (in.readableBytes() < bytes) {
            throw new ProtocolException("raw payload is not a valid pickle: it ends inside a memo index");
        }
        return bytes == 1 ? in.readUnsignedByte() : in.readUnsignedIntLE();
    }

    private static long parseIndex(String text) throws ProtocolException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException("raw payload is not a valid pickle: memo index "
                    + Printable.of(text) + " is not a number");
        }
    }

    private void pushGlobal(String module, String name) throws ProtocolException {
        PickleBuiltin builtin = PickleBuiltin.named(module, name);
        if (builtin == null) {
            throw refused("GLOBAL", Printable.of(module) + "." + Printable.of(name));
        }
        pendingBuiltins++;
        stack.add(builtin);
    }

    private void reduce() throws ProtocolException {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof PickleBuiltin)) {
            throw refused("REDUCE", "of something that is not an allowed builtin");
        }
        if (!(args instanceof Object[])) {
            throw new ProtocolException("raw payload is not a valid pickle: REDUCE arguments are not a tuple");
        }
        pendingBuiltins--;
        Object[] a = (Object[]) args;
        switch ((PickleBuiltin) callable) {
            case BYTEARRAY:
                budget.allocate(1);
                stack.add(PickleBuiltin.bytearray(a));
                break;
            case COMPLEX:
                budget.allocate(1);
                stack.add(PickleBuiltin.complex(a));
                break;
            case SET: {
                Set<Object> set = budget.container(new HashSet<>());
                addHashables(set, PickleBuiltin.iterable(a, "set"));
                stack.add(set);
                break;
            }
            default:
                stack.add(frozenset(PickleBuiltin.iterable(a, "frozenset")));
                break;
        }
    }

    private Set<Object> frozenset(Collection<?> items) throws ProtocolException {
        Set<Object> set = budget.container(new HashSet<>());
        addHashables(set, items);
        return budget.rename(set, Collections.unmodifiableSet(set));
    }

    private void addHashables(Set<Object> set, Collection<?> items) throws ProtocolException {
        for (Object item : items) {
            hashable(item, "set element");
            budget.key(set, item);
            budget.place(set, item);
            budget.allocate(1);
            set.add(item);
        }
    }

    private void appendAll(List<Object> list, List<Object> items) throws ProtocolException {
        budget.placeAll(list, items);
        list.addAll(items);
    }

    private Map<Object, Object> putPairs(Map<Object, Object> map, List<Object> pairs) throws ProtocolException {
        if (pairs.size() % 2 != 0) {
            throw new ProtocolException("raw payload is not a valid pickle: odd number of dict items");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            put(map, pairs.get(i), pairs.get(i + 1));
        }
        return map;
    }

    private void put(Map<Object, Object> map, @Nullable Object key, @Nullable Object value) throws ProtocolException {
        hashable(key, "dict key");
        budget.key(map, key);
        budget.place(map, key);
        budget.place(map, value);
        budget.allocate(1);
        map.put(key, value);
    }

    /**
     * Python refuses unhashable keys; so do we, which also keeps Java from hashing a deep or
     * self-referencing structure. Tuples hash by identity in Java, so they are safe. Complex
     * numbers are hashable in Python but refused here: Pyrolite's {@link ComplexNumber} hashes
     * as {@code h(real) ^ h(imag)}, so {@code complex(x, x)} is 0 for every x and a few
     * thousand such keys make every insertion scan all the others.
     */
    private static void hashable(@Nullable Object o, String role) throws ProtocolException {
        if (o instanceof ComplexNumber) {
            throw new ProtocolException("raw payload refused: a complex number as a " + role
                    + " (complex keys can be made to collide in Java's hash tables, so none are accepted)");
        }
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof byte[] || o instanceof Object[]) {
            return;
        }
        throw new ProtocolException("raw payload is not a valid pickle: unhashable "
                + o.getClass().getSimpleName() + " as a " + role);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws ProtocolException {
        if (!(o instanceof Map)) {
            throw new ProtocolException("raw payload is not a valid pickle: SETITEM on a non-dict");
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws ProtocolException {
        if (!(o instanceof List)) {
            throw new ProtocolException("raw payload is not a valid pickle: APPEND on a non-list");
        }
        return (List<Object>) o;
    }

    private void checkLength(long length, int prefix) throws ProtocolException {
        long remaining = in.readableBytes() - (long) prefix;
        if (length < 0 || length > remaining) {
            throw new ProtocolException("raw payload is not a valid pickle: a length of " + length
                    + " bytes with only " + Math.max(remaining, 0) + " left");
        }
    }

    private void checkNumberText() throws ProtocolException {
        int start = in.readerIndex();
        int end = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_NUMBER_TEXT + 2), (byte) '\n');
        if (end < 0 && in.writerIndex() - start > MAX_NUMBER_TEXT + 1) {
            throw new ProtocolException("raw payload is not a valid pickle: a number of more than "
                    + MAX_NUMBER_TEXT + " digits");
        }
    }

    private static ProtocolException refused(String opcode, String what) {
        return new ProtocolException("raw payload refused: " + opcode + " " + what
                + " is not allowed in a pickle of plain values");
    }

}
