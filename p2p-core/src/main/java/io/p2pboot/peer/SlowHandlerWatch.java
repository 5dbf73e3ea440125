package io.p2pboot.peer;

import io.p2pboot.peer.PeerHandlers.DataHandler;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a data handler that runs too long on an event loop (where it holds up every connection
 * of that loop) and says so once per handler, naming it: the time per invocation is the sign.
 */
final class SlowHandlerWatch {

    private static final Logger log = LoggerFactory.getLogger(SlowHandlerWatch.class);

    /** Longer than this on an event loop is blocking. */
    static final Duration BOUND = Duration.ofMillis(10);
    private static final long BOUND_NANOS = BOUND.toNanos();

    private final Set<DataHandler> reported = Collections.synchronizedSet(Collections.newSetFromMap(
            new WeakHashMap<DataHandler, Boolean>()));
    private final LongAdder count;

    /** @param count where the number of reported handlers is kept ({@link PeerStats}) */
    SlowHandlerWatch(LongAdder count) {
        this.count = count;
    }

    /** Called after each handler invocation on an event loop. */
    void ran(DataHandler handler, long nanos, String peerName) {
        if (nanos > BOUND_NANOS && reported.add(handler)) {
            count.increment();
            log.warn("data handler {} ran {} ms on an event loop (the connection to {}); over {} ms it blocks every "
                    + "connection of that loop: run it on the handler executor instead", handler,
                    nanos / 1_000_000, peerName, BOUND.toMillis());
        }
    }

}
