package io.p2pboot.stun;

import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Message;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.Subscription;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One Binding request over a UDP pipe and the wait for its answer. UDP may drop either datagram,
 * so the request is sent again (same transaction id, as RFC 8489 asks) when no answer comes within
 * the timeout, up to the pipe's {@code send_retry} more times. Only datagrams from the server are
 * looked at, and of those only STUN messages with this transaction id: a socket that carries
 * other traffic, or a late answer to an older request, does not spoil the result.
 */
final class BindingTransaction {

    private final Pipe pipe;
    private final InetSocketAddress server;
    private final Duration timeout;
    private final int tries;
    private final byte[] transactionId = StunMessage.newTransactionId();
    private final byte[] request;
    private final Subscription answers;
    private final CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();

    BindingTransaction(Pipe pipe, InetSocketAddress server, Duration timeout) {
        this.pipe = pipe;
        this.server = server;
        this.timeout = timeout;
        this.tries = 1 + pipe.config().sendRetry();
        this.request = StunMessage.bindingRequest(transactionId);
        this.answers = pipe.subscribe(Subscription.Filter.from(server));
    }

    CompletableFuture<InetSocketAddress> start() {
        result.whenComplete((address, failure) -> pipe.unsubscribe(answers));
        send(1);
        return result;
    }

    private void send(int attempt) {
        pipe.send(request, server).whenComplete((sent, failure) -> {
            if (failure != null) {
                result.completeExceptionally(FutureFailures.cause(failure));
            } else {
                awaitAnswer(attempt, System.nanoTime() + timeout.toNanos());
            }
        });
    }

    /** Reads what is queued in a loop (a burst of noise must not nest calls), then waits for more. */
    private void awaitAnswer(int attempt, long deadline) {
        while (!result.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                retryOrGiveUp(attempt);
                return;
            }
            CompletableFuture<Message> next = answers.recvAsync(Duration.ofNanos(left));
            if (!next.isDone()) {
                next.whenComplete((message, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else if (handled(message, attempt)) {
                        return;
                    } else {
                        awaitAnswer(attempt, deadline);
                    }
                });
                return;
            }
            if (handled(next.join(), attempt)) {
                return;
            }
        }
    }

    /** Whether the transaction ended with this message; {@code false} means: keep waiting. */
    private boolean handled(Message message, int attempt) {
        if (message == null) {
            if (!pipe.isOpen()) {
                result.completeExceptionally(new ClosedChannelException());
            } else {
                retryOrGiveUp(attempt);
            }
            return true;
        }
        if (!isOurAnswer(message.data())) {
            return false;
        }
        try {
            result.complete(StunMessage.mappedAddress(message.data(), transactionId));
        } catch (StunException e) {
            result.completeExceptionally(e);
        }
        return true;
    }

    private boolean isOurAnswer(byte[] datagram) {
        // isStunMessage guarantees the 20-byte header, so the transaction id is there
        return StunMessage.isStunMessage(datagram)
                && MessageDigest.isEqual(Arrays.copyOfRange(datagram, 8, StunMessage.HEADER_LENGTH),
                        transactionId);
    }

    private void retryOrGiveUp(int attempt) {
        if (attempt < tries) {
            send(attempt + 1);
        } else {
            result.completeExceptionally(new SocketTimeoutException("no STUN answer from " + server + " after "
                    + tries + " tries of " + timeout.toMillis() + " ms each (send_retry "
                    + pipe.config().sendRetry() + ")"));
        }
    }
}
