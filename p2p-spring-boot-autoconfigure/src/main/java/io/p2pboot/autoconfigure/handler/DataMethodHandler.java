package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.HandlerDispatch;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.Received;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The peer's data handler standing for one {@code @OnData} method. It declares the method's
 * payload parameter type, so that the peer can bind each payload to it once, before the call,
 * and the method's payload argument is that bound value ({@link Received#as}); and where the
 * method asks to run ({@link OnData#dispatch()}).
 */
final class DataMethodHandler implements DataHandler {

    private final HandlerMethod method;
    private final HandlerInvoker invoker;
    private final @Nullable HandlerDispatch dispatch;
    /** Whether the method may be called on an event loop, where a reply must not wait for room. */
    private final boolean mayRunOnEventLoop;

    /** @param peerDispatch where the peer runs data handlers that do not say */
    DataMethodHandler(HandlerMethod method, HandlerInvoker invoker, HandlerDispatch peerDispatch) {
        this.method = method;
        this.invoker = invoker;
        this.dispatch = switch (method.dispatch()) {
            case DEFAULT -> null;
            case EXECUTOR -> HandlerDispatch.EXECUTOR;
            case EVENT_LOOP -> HandlerDispatch.EVENT_LOOP;
        };
        this.mayRunOnEventLoop = (dispatch != null ? dispatch : peerDispatch) == HandlerDispatch.EVENT_LOOP;
    }

    @Override
    public void onData(Connection connection, Received data) {
        invoker.call(method, EventContext.data(connection, data), mayRunOnEventLoop);
    }

    /** The payload parameter's declared (generic) type; {@code null} for a method without one. */
    @Override
    public @Nullable Type payloadType() {
        return method.payloadType();
    }

    @Override
    public @Nullable HandlerDispatch dispatch() {
        return dispatch;
    }

    @Override
    public String toString() {
        return method.describe();
    }
}
