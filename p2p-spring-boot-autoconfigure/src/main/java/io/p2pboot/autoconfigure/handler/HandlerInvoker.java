package io.p2pboot.autoconfigure.handler;

import java.util.List;
import java.util.concurrent.CompletionException;
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
        call(handler, context, false);
    }

    /**
     * Calls a handler method, when it wants the event.
     *
     * @param onEventLoop whether the call may be on an event loop: a reply is then queued without
     *     waiting for room (waiting there would stall the loop that makes the room), and a send that
     *     fails later goes to the error handler as well
     */
    void call(HandlerMethod handler, EventContext context, boolean onEventLoop) {
        if (!handler.wants(context)) {
            return;
        }
        try {
            Object returned = invoke(handler, context);
            if (onEventLoop) {
                replyWithoutWaiting(handler, context, returned);
            } else {
                reply(handler, context, returned);
            }
        } catch (Exception e) {
            errors.failed(handler, context, e);
        }
    }

    private void replyWithoutWaiting(HandlerMethod handler, EventContext context, @Nullable Object returned) {
        Connection connection = context.connection();
        if (returned != null && handler.event() == HandlerEvent.DATA && connection != null) {
            connection.sendAsync(returned).whenComplete((ignored, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause != null) {
                    errors.failed(handler, context, cause instanceof Exception e ? e : new IllegalStateException(cause));
                }
            });
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
