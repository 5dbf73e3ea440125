package io.p2pboot.peer;

import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * The requests of one connection that wait for their replies, oldest first. Peerpy's messages
 * carry no correlation id, so a reply is simply the next message that arrives: while requests
 * wait, each message that arrives is the oldest one's reply, and goes neither to data handlers
 * nor to {@code receive}. A request that gave up (timed out) has no place any more: the message
 * goes to the next one, or to the data handlers when none waits.
 */
final class PendingReplies {

    /** A message taken as a reply, its payload not yet decoded: the requester binds it on its own thread. */
    record Reply(DataType type, byte[] payload, int size) {
    }

    /** Made with the first request: most connections never make one, and idle connections are many. */
    private volatile @Nullable ConcurrentLinkedQueue<CompletableFuture<Reply>> waiting;
    /** Set as the connection ends; the exception requests fail with is made only when one waits. */
    private volatile @Nullable Ended closed;

    /** How the connection ended, for the failure of the requests that wait. */
    private record Ended(String peerName, @Nullable CloseReason reason) {
        IllegalStateException failure() {
            return new IllegalStateException("the connection to " + peerName + " closed before the reply came"
                    + (reason != null ? ": " + reason : ""));
        }
    }

    /** A place for a request about to be sent; completed by the message that takes it, or failed on close. */
    CompletableFuture<Reply> expect() {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        ConcurrentLinkedQueue<CompletableFuture<Reply>> queue = waiting;
        if (queue == null) {
            synchronized (this) { // once per connection at most: a lock is simpler than an updater
                queue = waiting;
                if (queue == null) {
                    queue = new ConcurrentLinkedQueue<>();
                    waiting = queue;
                }
            }
        }
        queue.add(reply);
        Ended ended = closed;
        if (ended != null) {
            failAll(ended); // the connection ended as the place was taken: no message will come
        }
        return reply;
    }

    /** Gives up a place, its request having failed or timed out. */
    void forget(CompletableFuture<Reply> reply) {
        ConcurrentLinkedQueue<CompletableFuture<Reply>> queue = waiting;
        if (queue != null) {
            queue.remove(reply);
        }
    }

    /** Whether any request waits; asked on the event loop for every message, so it costs little. */
    boolean anyWaiting() {
        ConcurrentLinkedQueue<CompletableFuture<Reply>> queue = waiting;
        return queue != null && !queue.isEmpty();
    }

    /** On the event loop: gives the message to the oldest request still waiting; {@code false} when none does. */
    boolean complete(Reply reply) {
        ConcurrentLinkedQueue<CompletableFuture<Reply>> queue = waiting;
        if (queue == null) {
            return false;
        }
        CompletableFuture<Reply> oldest;
        while ((oldest = queue.poll()) != null) {
            if (oldest.complete(reply)) {
                return true;
            }
        }
        return false;
    }

    /** The connection ended: no reply will come to any request. */
    void closed(String peerName, @Nullable CloseReason reason) {
        Ended ended = new Ended(peerName, reason);
        closed = ended;
        failAll(ended);
    }

    /** Fails every waiting request with one exception, made only when there is one (most connections end with none). */
    private void failAll(Ended ended) {
        ConcurrentLinkedQueue<CompletableFuture<Reply>> queue = waiting;
        if (queue == null) {
            return; // a request made from now on sees the end itself
        }
        IllegalStateException failure = null;
        CompletableFuture<Reply> reply;
        while ((reply = queue.poll()) != null) {
            if (failure == null) {
                failure = ended.failure();
            }
            reply.completeExceptionally(failure);
        }
    }
}
