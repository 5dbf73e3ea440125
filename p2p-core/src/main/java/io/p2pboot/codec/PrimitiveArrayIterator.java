package io.p2pboot.codec;

import java.lang.reflect.Array;
import java.util.Iterator;

/** The items of a primitive array, boxed: how {@link SafePickler} writes one as a list. */
final class PrimitiveArrayIterator implements Iterator<Object> {

    private final Object array;
    private int next;

    PrimitiveArrayIterator(Object array) {
        this.array = array;
    }

    @Override
    public boolean hasNext() {
        return next < Array.getLength(array);
    }

    @Override
    public Object next() {
        return Array.get(array, next++);
    }
}
