package io.p2pboot.pipe;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of one event of a pipe or connection, copied on write and iterated without locks,
 * as a {@code CopyOnWriteArrayList} would be, but free while empty: a shared empty array and no
 * lock object, where idle connections are many and most of their lists stay empty.
 *
 * @param <T> the handler type
 */
public final class HandlerList<T> implements Iterable<T> {

    private static final Object[] NONE = {};
    /** What an owner that never made its list iterates: never added to. */
    private static final HandlerList<?> NO_HANDLERS = new HandlerList<>();

    private volatile Object[] items = NONE;

    /**
     * The list in an owner's field, made there first if it is not yet (by compare-and-set, so
     * any thread may call it): for owners that are many and whose lists mostly stay empty, which
     * then hold {@code null} rather than an empty list each.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <O, T> HandlerList<T> in(O owner, AtomicReferenceFieldUpdater<O, HandlerList> field) {
        HandlerList<T> list = field.get(owner);
        if (list == null) {
            field.compareAndSet(owner, null, new HandlerList<T>());
            list = field.get(owner);
        }
        return list;
    }

    /** The list an owner made with {@link #in}, or an empty one when it made none. */
    @SuppressWarnings("unchecked")
    public static <T> HandlerList<T> orNone(@Nullable HandlerList<T> list) {
        return list != null ? list : (HandlerList<T>) NO_HANDLERS;
    }

    public synchronized void add(T handler) {
        if (this == NO_HANDLERS) {
            throw new IllegalStateException("the shared empty list is never added to: use HandlerList.in");
        }
        Object[] now = items;
        Object[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = handler;
        items = more;
    }

    /** Removes the first occurrence; answers whether there was one. */
    public synchronized boolean remove(Object handler) {
        Object[] now = items;
        for (int i = 0; i < now.length; i++) {
            if (now[i].equals(handler)) {
                Object[] fewer = new Object[now.length - 1];
                System.arraycopy(now, 0, fewer, 0, i);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                items = fewer.length == 0 ? NONE : fewer;
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    /**
     * The handlers now, as an unmodifiable list that later changes do not touch (the array is
     * never written once published: no copy is needed).
     */
    @SuppressWarnings("unchecked")
    public List<T> snapshot() {
        return (List<T>) Collections.unmodifiableList(Arrays.asList(items));
    }

    /** Iterates over the handlers there were when it began, without copying them. */
    @Override
    public Iterator<T> iterator() {
        Object[] now = items;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < now.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (next >= now.length) {
                    throw new NoSuchElementException();
                }
                return (T) now[next++];
            }
        };
    }
}
