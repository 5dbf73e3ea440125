package io.p2pboot.peer;

import io.p2pboot.peer.PendingReplies.Reply;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.ProtocolException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A connection's requests: a message sent, and the next message received taken as its reply
 * (see {@link Connection#request}). Taking a place in the queue of waiting requests and writing
 * the request are one step, so requests made at once are paired with replies in the order they
 * went on the wire. A reply is decoded and bound to the type asked for on the requester's
 * thread, or for {@code requestAsync} on the handler executor: never on the event loop.
 */
final class ConnectionRequests {

    private final Connection connection;
    private final PipeChannel channel;
    private final PendingReplies replies;
    private final Executor executor;

    ConnectionRequests(Connection connection, PipeChannel channel, PendingReplies replies, Executor executor) {
        this.connection = connection;
        this.channel = channel;
        this.replies = replies;
        this.executor = executor;
    }

    /** Sends and blocks until the reply came (or the timeout passed); the caller waited for writability. */
    @Nullable Object request(@Nullable Object value, Type type, Duration timeout) throws ReplyTimeoutException {
        CompletableFuture<Reply> pending = sent(value);
        Reply reply;
        try {
            reply = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            boolean interrupted = e instanceof InterruptedException;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            ReplyTimeoutException late = timedOut(timeout, interrupted);
            if (pending.completeExceptionally(late)) {
                replies.forget(pending);
                throw late;
            }
            reply = settled(pending); // the reply came as the wait ended
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
        return bind(reply, type);
    }

    /** Sends without waiting; the future completes on the handler executor with the reply bound to {@code type}. */
    CompletableFuture<@Nullable Object> requestAsync(@Nullable Object value, Type type, Duration timeout) {
        CompletableFuture<Reply> pending;
        try {
            pending = sent(value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Future<?> timer = timer(pending, timeout);
        return pending.handleAsync((reply, error) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (error != null) {
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return bind(reply, type);
        }, executor);
    }

    /** Gives up the place when no reply came in time; {@code null} when the connection's event loop is gone. */
    private @Nullable Future<?> timer(CompletableFuture<Reply> pending, Duration timeout) {
        try {
            return channel.eventLoop().schedule(() -> {
                if (pending.completeExceptionally(timedOut(timeout, false))) {
                    replies.forget(pending);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (pending.completeExceptionally(new IllegalStateException("the connection to "
                    + connection.peerName() + " is closed", e))) {
                replies.forget(pending);
            }
            return null;
        }
    }

    /** Takes a place for the reply and writes the request, as one step. */
    private CompletableFuture<Reply> sent(@Nullable Object value) {
        synchronized (this) { // the wire order: one request's place and its write at a time
            CompletableFuture<Reply> pending = replies.expect();
            CompletableFuture<Void> written;
            try {
                written = connection.sendAsync(value);
            } catch (RuntimeException e) {
                replies.forget(pending);
                throw e;
            }
            written.whenComplete((ignored, error) -> {
                if (error != null && pending.completeExceptionally(error)) {
                    replies.forget(pending);
                }
            });
            return pending;
        }
    }

    /** Decodes the reply as {@code type}; a payload invalid in its encoding closes the connection, as any would. */
    private @Nullable Object bind(Reply reply, Type type) {
        Received received;
        try {
            received = Received.bind(connection, reply.type(), reply.payload(), type,
                    connection.peer().codecs().get(reply.type()), reply.size());
        } catch (ProtocolException e) {
            connection.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
            throw new IllegalStateException("the reply from " + connection.peerName() + " is not valid "
                    + reply.type().wireName() + ": " + e.getMessage(), e);
        }
        return received.as(type);
    }

    private ReplyTimeoutException timedOut(Duration timeout, boolean interrupted) {
        return new ReplyTimeoutException(interrupted ? "interrupted while waiting for the reply from "
                + connection.peerName() : "no reply from " + connection.peerName() + " within "
                + timeout.toMillis() + " ms");
    }

    private static Reply settled(CompletableFuture<Reply> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(@Nullable Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("the request failed: " + cause, cause);
    }
}
