package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Peer;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One failure of a handler method, as a {@link P2pErrorHandler} is given it: the exception, the
 * method, and the event it was handling (the peer, and as the event has them the connection,
 * the received message, the offer or the close reason).
 */
public final class HandlerFailure {

    private final Exception exception;
    private final HandlerMethod handler;
    private final EventContext context;

    HandlerFailure(Exception exception, HandlerMethod handler, EventContext context) {
        this.exception = exception;
        this.handler = handler;
        this.context = context;
    }

    /**
     * What failed: what the method threw (unwrapped), a {@link PayloadConversionException} or a
     * {@link PayloadValidationException} (the method was not called), or what sending its reply threw.
     */
    public Exception exception() {
        return exception;
    }

    /** The handler method, as the bean's class declares it (never a proxy's). */
    public Method method() {
        return handler.method();
    }

    /** The name of the bean whose method it is. */
    public String beanName() {
        return handler.beanName();
    }

    /** The bean the method was called on: its proxy, when it has one. */
    public Object bean() {
        return handler.bean();
    }

    /** The annotation that made the method a handler, which says the event: {@code OnData.class}, ... */
    public Class<? extends Annotation> annotationType() {
        return handler.event().annotationType();
    }

    /** The application's peer. */
    public Peer peer() {
        return context.peer();
    }

    /** The connection the event happened on; {@code null} for {@code @OnOffer}, {@code @OnListen}, {@code @OnStop}. */
    public @Nullable Connection connection() {
        return context.connection();
    }

    /** The message being handled; only for {@code @OnData}. */
    public @Nullable Received received() {
        return context.received();
    }

    /** The offer being decided; only for {@code @OnOffer}. */
    public @Nullable Offer offer() {
        return context.offer();
    }

    /** Why the connection ended; only for {@code @OnClose}. */
    public @Nullable CloseReason closeReason() {
        return context.closeReason();
    }

    /** The other peer's name ({@code ip:port}); {@code null} for the peer's own events. */
    public @Nullable String remotePeerName() {
        return context.remotePeerName();
    }

    /**
     * Closes the connection the failure happened on, gracefully, with an {@code ERROR} reason
     * naming the method (what {@code @OnClose} methods see); nothing when there is none or it is
     * closed already.
     *
     * @return the close, complete once {@code close} handlers ran; {@code null} when nothing was closed
     */
    public @Nullable CompletableFuture<CloseReason> closeConnection() {
        Connection connection = context.connection();
        if (connection == null || !connection.isOpen()) {
            return null;
        }
        return connection.closeAsync(new CloseReason(CloseReason.Kind.ERROR,
                handler + " failed: " + exception.getMessage(), exception));
    }

    /** The method, as logs name it: annotation, class, method, parameters and bean. */
    public String describeHandler() {
        return handler.describe();
    }

    @Override
    public String toString() {
        String remote = remotePeerName();
        return describeHandler() + " failed" + (remote != null ? " on peer " + remote : "") + ": " + exception;
    }
}
