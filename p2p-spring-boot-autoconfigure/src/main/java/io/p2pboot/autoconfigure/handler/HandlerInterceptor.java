package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;

/**
 * Runs around every call of an annotated handler method, to time, count or trace it: the starter's
 * handler observations and handler meters are two. Beans of this type apply to the methods
 * registered on the application's peer, in their order, the first outermost. An interceptor calls
 * {@link HandlerInvocation#proceed()} once and returns what it returned, or lets what it threw
 * pass; what a handler throws then goes to the error handling as before.
 */
@FunctionalInterface
public interface HandlerInterceptor {

    @Nullable Object intercept(HandlerInvocation invocation) throws Exception;
}
