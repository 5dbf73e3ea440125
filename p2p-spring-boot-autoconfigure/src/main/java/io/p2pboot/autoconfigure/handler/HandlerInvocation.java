package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Peer;
import io.p2pboot.protocol.DataType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One call of a handler method as {@link HandlerInterceptor}s see it: what is called, for which
 * event and peer, and {@link #proceed()} to go on to the next interceptor or the method itself.
 */
public final class HandlerInvocation {

    private final HandlerMethod handler;
    private final EventContext context;
    private final List<HandlerInterceptor> interceptors;
    private int next;

    HandlerInvocation(HandlerMethod handler, EventContext context, List<HandlerInterceptor> interceptors) {
        this.handler = handler;
        this.context = context;
        this.interceptors = interceptors;
    }

    /**
     * The event, as its annotation names it, in lower case: {@code offer}, {@code data},
     * {@code close}, {@code connection}, {@code listen} or {@code stop}.
     */
    public String event() {
        return context.event().name().toLowerCase(Locale.ROOT);
    }

    /** The method as the bean's class declares it. */
    public Method method() {
        return handler.method();
    }

    /** A short, bounded name of the method: its class's simple name and its own, such as {@code Chat.received}. */
    public String handlerName() {
        Method method = handler.method();
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /**
     * The data type that matters for the event: the message's, the connection's or the offered
     * one; {@code null} for the peer's own events.
     */
    public @Nullable DataType dataType() {
        return context.dataType();
    }

    /** The other peer's name ({@code ip:port}); {@code null} for the peer's own events. */
    public @Nullable String remotePeer() {
        return context.remotePeerName();
    }

    /** The peer the handler is registered on. */
    public Peer peer() {
        return context.peer();
    }

    /** The connection the event happened on, if any. */
    public @Nullable Connection connection() {
        return context.connection();
    }

    /** Calls the next interceptor, or the method when none is left; returns what the method returned. */
    public @Nullable Object proceed() throws Exception {
        if (next < interceptors.size()) {
            return interceptors.get(next++).intercept(this);
        }
        return handler.invoke(context);
    }

    @Override
    public String toString() {
        return handler.describe();
    }
}
