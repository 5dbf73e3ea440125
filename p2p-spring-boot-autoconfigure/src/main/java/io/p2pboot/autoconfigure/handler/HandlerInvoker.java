package io.p2pboot.autoconfigure.handler;

import java.util.List;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.SendTimeoutException;
import org.jspecify.annotations.Nullable;

/** Calls handler methods for the peer, never letting a failure escape to the peer or to other handlers. */
final class HandlerInvoker {

    private final HandlerErrorHandler errors;
    private final List<HandlerInterceptor> interceptors;

    HandlerInvoker(HandlerErrorHandler errors) {
        this(errors, List.of());
    }

    /** @param interceptors run around each call, the first outermost */
    HandlerInvoker(HandlerErrorHandler errors, List<HandlerInterceptor> interceptors) {
        this.errors = errors;
        this.interceptors = List.copyOf(interceptors);
    }

    /** Calls an {@code @OnOffer} method; anything but {@code true}, a failure included, denies. */
    boolean decide(HandlerMethod handler, EventContext context) {
        try {
            return Boolean.TRUE.equals(invoke(handler, context));
        } catch (Exception e) {
            errors.failed(handler, context, e);
            return false;
        }
    }

    /** Calls any other handler method, when it wants the event. */
    void call(HandlerMethod handler, EventContext context) {
        if (!handler.wants(context)) {
            return;
        }
        try {
            reply(handler, context, invoke(handler, context));
        } catch (Exception e) {
            errors.failed(handler, context, e);
        }
    }

    /** The one call of a method: straight, or through the interceptors when there are any. */
    private @Nullable Object invoke(HandlerMethod handler, EventContext context) throws Exception {
        if (interceptors.isEmpty()) {
            return handler.invoke(context);
        }
        return new HandlerInvocation(handler, context, interceptors).proceed();
    }

    /**
     * Sends what an {@code @OnData} method returned back on the connection its message came on,
     * waiting as a blocking send does for a slow receiver; {@code null} (and {@code void}) sends nothing.
     */
    private static void reply(HandlerMethod handler, EventContext context, @Nullable Object returned)
            throws SendTimeoutException {
        Connection connection = context.connection();
        if (returned != null && handler.event() == HandlerEvent.DATA && connection != null) {
            connection.send(returned);
        }
    }
}
