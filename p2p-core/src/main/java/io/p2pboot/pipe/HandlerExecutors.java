package io.p2pboot.pipe;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Where user handlers run when nothing else is configured: never on an I/O thread. */
public final class HandlerExecutors {

    private static final ExecutorService SHARED = create();

    private HandlerExecutors() {
    }

    /** Virtual threads on Java 21 and newer; a cached pool of daemon threads on 17. */
    public static ExecutorService shared() {
        return SHARED;
    }

    private static ExecutorService create() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "p2p-handler-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            return Executors.newCachedThreadPool(tf);
        }
    }
}
