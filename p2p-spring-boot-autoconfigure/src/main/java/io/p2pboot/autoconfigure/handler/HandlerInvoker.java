package io.p2pboot.autoconfigure.handler;

/** Calls handler methods for the peer, never letting a failure escape to the peer or to other handlers. */
final class HandlerInvoker {

    private final HandlerErrorHandler errors;

    HandlerInvoker(HandlerErrorHandler errors) {
        this.errors = errors;
    }

    /** Calls an {@code @OnOffer} method; anything but {@code true}, a failure included, denies. */
    boolean decide(HandlerMethod handler, EventContext context) {
        try {
            return Boolean.TRUE.equals(handler.invoke(context));
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
            handler.invoke(context);
        } catch (Exception e) {
            errors.failed(handler, context, e);
        }
    }
}
