package io.p2pboot.codec;

/**
 * Budgets of the {@code raw} (pickle) decoder, which bound the decoded value as a consumer will
 * see it rather than the pickle's bytes: a few hundred bytes of memo references can describe a
 * value of 2^40 nodes, or one that contains itself. A pickle over a budget is refused with a
 * {@link io.p2pboot.protocol.ProtocolException} that names the budget and its limit. Immutable.
 *
 * <ul>
 *   <li>{@code maxNodes}: nodes of the value, a shared subtree counted each time it is referred
 *       to (as {@code toString}, {@code hashCode} or a json writer walk it); a str, bytes or
 *       big int counts one node per started 8 bytes beyond its first. A pickle without shared
 *       references never has more nodes than bytes, so a limit of at least the largest message
 *       size lets every such pickle through.</li>
 *   <li>{@code maxDepth}: nesting of containers ({@code [[1]]} is 2).</li>
 *   <li>{@code maxObjectsPerByte}: Java objects the decoder may allocate per byte of pickle, plus
 *       {@value #OBJECTS_ALLOWANCE}: a value, a memo entry, each entry of a set or dict count one,
 *       a str, a big int and a list, set or dict two (the object and its array or table).</li>
 *   <li>{@code maxStack}: values waiting on the unpickler's stack outside any container. A pickle
 *       from CPython keeps at most a batch of 1,000 items (2,000 for a dict) per nesting level
 *       there, or the items of one tuple; a flood of empty containers keeps them all, and since
 *       a Java set costs 64 bytes or more, one byte each of input would cost 64 of heap.</li>
 * </ul>
 * Cycles are always refused, and so are {@code complex} numbers as set elements and dict keys
 * (their Java hash is {@code h(real) ^ h(imag)}, which anyone can make collide), and more than
 * eight keys of mixed types with one hash in a dict or set.
 */
public final class PickleLimits {

    /** 16 Mi: every pickle without shared references that fits the default 16 MiB message size. */
    public static final long DEFAULT_MAX_NODES = 16L * 1024 * 1024;

    /**
     * 256: well past realistic nesting (a deep configuration tree is about 100), and under
     * Jackson's nesting limit of 500, so the value can still be written as json and walked by
     * recursive {@code toString}/{@code equals} on any thread's stack.
     */
    public static final int DEFAULT_MAX_DEPTH = 256;

    /**
     * 1.0: CPython pickles of realistic values allocate at most about one object per byte (a
     * list of short strings 0.75, of ints 0.5); 15 MB of {@code EMPTY_SET} would be two per byte.
     */
    public static final double DEFAULT_MAX_OBJECTS_PER_BYTE = 1.0;

    /**
     * 1 Mi: a tuple of a million items still fits; what a flood can hold there is bounded by it
     * (about 64 MiB of empty sets) rather than by the message size.
     */
    public static final int DEFAULT_MAX_STACK = 1024 * 1024;

    /** Objects any pickle may allocate whatever its length, so that tiny pickles are never refused. */
    public static final int OBJECTS_ALLOWANCE = 4096;

    private static final PickleLimits DEFAULTS =
            new PickleLimits(DEFAULT_MAX_NODES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECTS_PER_BYTE, DEFAULT_MAX_STACK);

    private final long maxNodes;
    private final int maxDepth;
    private final double maxObjectsPerByte;
    private final int maxStack;

    private PickleLimits(long maxNodes, int maxDepth, double maxObjectsPerByte, int maxStack) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be at least 1, not " + maxNodes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, not " + maxDepth);
        }
        if (!(maxObjectsPerByte > 0) || Double.isInfinite(maxObjectsPerByte)) {
            throw new IllegalArgumentException("maxObjectsPerByte must be a positive number, not " + maxObjectsPerByte);
        }
        if (maxStack < 16) {
            throw new IllegalArgumentException("maxStack must be at least 16, not " + maxStack);
        }
        this.maxNodes = maxNodes;
        this.maxDepth = maxDepth;
        this.maxObjectsPerByte = maxObjectsPerByte;
        this.maxStack = maxStack;
    }

    /** The defaults: {@value #DEFAULT_MAX_NODES} nodes, depth {@value #DEFAULT_MAX_DEPTH}, one object per byte, a stack of {@value #DEFAULT_MAX_STACK}. */
    public static PickleLimits defaults() {
        return DEFAULTS;
    }

    /** These limits, with the default stack; each must be positive. */
    public static PickleLimits of(long maxNodes, int maxDepth, double maxObjectsPerByte) {
        return new PickleLimits(maxNodes, maxDepth, maxObjectsPerByte, DEFAULT_MAX_STACK);
    }

    /** These limits; each must be positive, and {@code maxStack} at least 16. */
    public static PickleLimits of(long maxNodes, int maxDepth, double maxObjectsPerByte, int maxStack) {
        return new PickleLimits(maxNodes, maxDepth, maxObjectsPerByte, maxStack);
    }

    public long maxNodes() {
        return maxNodes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public double maxObjectsPerByte() {
        return maxObjectsPerByte;
    }

    public int maxStack() {
        return maxStack;
    }

    /** Objects a pickle of {@code length} bytes may allocate. */
    long maxObjects(int length) {
        return (long) (maxObjectsPerByte * length) + OBJECTS_ALLOWANCE;
    }

    @Override
    public String toString() {
        return "PickleLimits[maxNodes=" + maxNodes + ", maxDepth=" + maxDepth
                + ", maxObjectsPerByte=" + maxObjectsPerByte + ", maxStack=" + maxStack + "]";
    }
}
