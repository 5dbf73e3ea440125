package io.p2pboot.peer;

import io.p2pboot.protocol.DataType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A peer's running totals, cheap enough to keep on the hot path (striped adders, no locks):
 * messages and bytes each way per data type, handshakes and their time. Metrics libraries read
 * them as counters; nothing here depends on one.
 */
public final class PeerStats {

    private final LongAdder[] messagesIn = adders();
    private final LongAdder[] messagesOut = adders();
    private final LongAdder[] bytesIn = adders();
    private final LongAdder[] bytesOut = adders();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder handshakeNanos = new LongAdder();
    private final LongAdder slowOnEventLoop = new LongAdder();
    private final SlowHandlerWatch slowHandlers = new SlowHandlerWatch(slowOnEventLoop);

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[DataType.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void received(DataType type, int bytes) {
        messagesIn[type.ordinal()].increment();
        bytesIn[type.ordinal()].add(bytes);
    }

    void sent(DataType type, int bytes) {
        messagesOut[type.ordinal()].increment();
        bytesOut[type.ordinal()].add(bytes);
    }

    void handshake(long nanos) {
        handshakes.increment();
        handshakeNanos.add(nanos);
    }

    /** What watches the handlers that run on an event loop. */
    SlowHandlerWatch slowHandlers() {
        return slowHandlers;
    }

    /**
     * Data handlers seen running longer than {@link SlowHandlerWatch#BOUND} on an event loop
     * ({@link HandlerDispatch#EVENT_LOOP}), each counted (and logged) once: they block the loop.
     */
    public long slowEventLoopHandlers() {
        return slowOnEventLoop.sum();
    }

    /** Messages received of a data type (payloads handed to the connection, before decoding). */
    public long messagesIn(DataType type) {
        return messagesIn[type.ordinal()].sum();
    }

    public long messagesOut(DataType type) {
        return messagesOut[type.ordinal()].sum();
    }

    /** Payload bytes received of a data type (headers not counted). */
    public long bytesIn(DataType type) {
        return bytesIn[type.ordinal()].sum();
    }

    public long bytesOut(DataType type) {
        return bytesOut[type.ordinal()].sum();
    }

    /** Handshakes that ended in a connection, on either side. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Total time of those handshakes. */
    public double handshakeTime(TimeUnit unit) {
        return handshakeNanos.sum() / (double) unit.toNanos(1);
    }
}
