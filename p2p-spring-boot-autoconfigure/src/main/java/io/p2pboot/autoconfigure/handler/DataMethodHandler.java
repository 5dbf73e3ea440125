package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.peer.Received;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The peer's data handler standing for one {@code @OnData} method. It declares the method's
 * payload parameter type, so that the peer can bind each payload to it once, before the call,
 * and the method's payload argument is that bound value ({@link Received#as}).
 */
final class DataMethodHandler implements DataHandler {

    private final HandlerMethod method;
    private final HandlerInvoker invoker;

    DataMethodHandler(HandlerMethod method, HandlerInvoker invoker) {
        this.method = method;
        this.invoker = invoker;
    }

    @Override
    public void onData(Connection connection, Received data) {
        invoker.call(method, EventContext.data(connection, data));
    }

    /** The payload parameter's declared (generic) type; {@code null} for a method without one. */
    @Override
    public @Nullable Type payloadType() {
        return method.payloadType();
    }

    @Override
    public String toString() {
        return method.describe();
    }
}
