package io.p2pboot.codec;

import io.p2pboot.protocol.ProtocolException;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one pickle within its {@link PickleLimits} while it is read. Each container's expanded
 * size and depth are kept beside it and updated as elements are placed in it, so the cost is a
 * constant per opcode whatever the sharing. A container that has been placed in another is
 * final: changing it afterwards is what a cycle needs (a container reachable from itself), and
 * it would also make the sizes already added up stale, so it is refused. One per payload.
 */
final class PickleBudget {

    /** What is known of one container: its nodes counted with sharing expanded, its depth. */
    private static final class Shape {
        long nodes = 1;
        int depth = 1;
        boolean placed;
        /** The class of the first key (dict) or element (set). */
        Class<?> keyClass;
        /** Once keys of two classes are in: how many keys have each hash. */
        Map<Integer, Integer> keyHashes;
    }

    /**
     * Keys of one class with equal hashes are cheap for Java's hash tables (they are kept in a
     * tree, ordered as Comparable); keys of different classes with one hash are not (a Long and
     * a Double whose bits hash alike: each insertion then scans all of them). This many keys per
     * hash are allowed in a dict or set whose keys are of more than one class.
     */
    static final int MAX_KEYS_PER_HASH = 8;

    private final PickleLimits limits;
    private final int length;
    private final long maxObjects;
    private final Map<Object, Shape> shapes = new IdentityHashMap<>(4);
    private long objects;

    PickleBudget(PickleLimits limits, int length) {
        this.limits = limits;
        this.length = length;
        this.maxObjects = limits.maxObjects(length);
    }

    /** Counts {@code n} objects about to be allocated. */
    void allocate(long n) throws ProtocolException {
        objects += n;
        if (objects > maxObjects) {
            throw over("max-objects-per-byte", limits.maxObjectsPerByte(), "more than " + maxObjects
                    + " objects for a pickle of " + length + " bytes");
        }
    }

    /** Checks the number of values (and marks) on the unpickler's stack, not yet in any container. */
    void checkStack(int size) throws ProtocolException {
        if (size > limits.maxStack()) {
            throw over("max-stack", limits.maxStack(), "more values waiting on the stack outside any container");
        }
    }

    /** Registers a new, empty container (list, dict or set) and counts its two objects. */
    <T> T container(T container) throws ProtocolException {
        allocate(2);
        shapes.put(container, new Shape());
        return container;
    }

    /** Lets {@code view}, a read-only wrapper of a registered container, stand for it from now on. */
    <T> T rename(Object container, T view) {
        shapes.put(view, shapes.remove(container));
        return view;
    }

    /** Registers a new tuple, placing each of its elements in it. */
    Object[] tuple(Object[] tuple) throws ProtocolException {
        if (tuple.length == 0) {
            return tuple;
        }
        allocate(1);
        Shape shape = new Shape();
        shapes.put(tuple, shape);
        for (@Nullable Object element : tuple) {
            add(tuple, shape, element);
        }
        return tuple;
    }

    /**
     * Accounts for {@code element} placed in {@code container} (a registered list, dict or set);
     * call it before the element is added.
     */
    void place(Object container, @Nullable Object element) throws ProtocolException {
        add(container, open(container), element);
    }

    /** Like {@link #place} for each of {@code elements}. */
    void placeAll(Object container, Iterable<?> elements) throws ProtocolException {
        Shape shape = open(container);
        for (Object element : elements) {
            add(container, shape, element);
        }
    }

    private Shape open(Object container) throws ProtocolException {
        Shape shape = shapes.get(container);
        if (shape.placed) {
            throw new ProtocolException("raw payload refused: a container is changed after it was placed in another"
                    + " (only a cycle needs that, and cycles are not accepted)");
        }
        return shape;
    }

    private void add(Object container, Shape shape, @Nullable Object element) throws ProtocolException {
        if (element == container) {
            throw new ProtocolException("raw payload refused: a container that contains itself"
                    + " (cycles are not accepted)");
        }
        long nodes;
        int depth;
        if (element instanceof String || element instanceof Number || element == null || element instanceof Boolean
                || element instanceof byte[]) {
            nodes = scalarNodes(element);
            depth = 0;
        } else {
            Shape inner = shapes.get(element);
            if (inner != null) {
                inner.placed = true;
                nodes = inner.nodes;
                depth = inner.depth;
            } else {
                nodes = 1;
                depth = element instanceof Object[] ? 1 : 0;
            }
        }
        shape.nodes += nodes;
        if (shape.nodes > limits.maxNodes()) {
            throw over("max-nodes", limits.maxNodes(), "a value of more nodes, shared references counted"
                    + " each time they are used");
        }
        if (depth >= shape.depth) {
            shape.depth = depth + 1;
            if (shape.depth > limits.maxDepth()) {
                throw over("max-depth", limits.maxDepth(), "containers nested deeper");
            }
        }
    }

    /**
     * Accounts for {@code key} about to be added to {@code container} (a dict's key or a set's
     * element), refusing a flood of keys of mixed classes that share one hash.
     */
    void key(Object container, @Nullable Object key) throws ProtocolException {
        if (key == null) {
            return;
        }
        Shape shape = shapes.get(container);
        if (shape.keyHashes == null) {
            if (shape.keyClass == null || shape.keyClass == key.getClass()) {
                shape.keyClass = key.getClass();
                return;
            }
            shape.keyHashes = new HashMap<>();
            Iterable<?> existing = container instanceof Map ? ((Map<?, ?>) container).keySet() : (Iterable<?>) container;
            for (Object k : existing) {
                if (k != null) {
                    shape.keyHashes.merge(k.hashCode(), 1, Integer::sum);
                }
            }
        }
        if (shape.keyHashes.merge(key.hashCode(), 1, Integer::sum) > MAX_KEYS_PER_HASH) {
            throw new ProtocolException("raw payload refused: more than " + MAX_KEYS_PER_HASH + " keys of mixed types"
                    + " share one hash (hash-colliding keys are not accepted)");
        }
        allocate(2);
    }

    /** A str, bytes or big int counts one node more per started 8 bytes after its first 8. */
    static long scalarNodes(@Nullable Object value) {
        if (value instanceof String) {
            return 1 + (((String) value).length() - 1L) / 8;
        }
        if (value instanceof byte[]) {
            return 1 + (((byte[]) value).length - 1L) / 8;
        }
        if (value instanceof BigInteger) {
            return 1 + (((BigInteger) value).bitLength() - 1L) / 64;
        }
        return 1;
    }

    private static ProtocolException over(String budget, Object limit, String what) {
        return new ProtocolException("raw payload refused: over the pickle budget " + budget + "=" + limit
                + " (" + what + ")");
    }
}
