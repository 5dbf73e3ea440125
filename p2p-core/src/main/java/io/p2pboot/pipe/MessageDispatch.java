package io.p2pboot.pipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a pipe's messages go: its subscriptions, message handlers, async handlers and links (and
 * for a server's client, the server's too). The sink of a pipe that carries no protocol.
 */
final class MessageDispatch implements PipeInbound.Sink<Message> {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatch.class);

    private final Pipe pipe;
    private final @Nullable MessageDispatch parent;
    final List<MessageHandler> handlers = new CopyOnWriteArrayList<>();
    final List<AsyncMessageHandler> asyncHandlers = new CopyOnWriteArrayList<>();
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    final Set<Pipe> links = new CopyOnWriteArraySet<>();
    private final @Nullable MessageIds messageIds;
    private final AtomicLong unhandled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean ended;

    MessageDispatch(Pipe pipe, @Nullable MessageDispatch parent) {
        this.pipe = pipe;
        this.parent = parent;
        this.messageIds = pipe.config.enableMsgIds() ? new MessageIds(pipe.config.maxMsgIds()) : null;
    }

    /** A queue of the messages that match {@code filter}, bounded by {@code max_qsize}; closed at once when the pipe has ended. */
    Subscription subscribe(Subscription.Filter filter) {
        Subscription s = new Subscription(filter, pipe.config.maxQsize());
        subscriptions.add(s);
        if (ended) {
            s.close();
        }
        return s;
    }

    long unhandled() {
        return unhandled.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    @Override
    public int sizeOf(Message m) {
        return m.data().length;
    }

    @Override
    public @Nullable CompletionStage<?> deliver(Message m) {
        if (messageIds != null && !messageIds.firstSeen(m)) {
            duplicates.incrementAndGet();
            return null;
        }
        boolean taken = offer(subscriptions, m);
        if (parent != null) {
            taken |= offer(parent.subscriptions, m);
        }
        taken |= callHandlers(handlers, m);
        if (parent != null) {
            taken |= callHandlers(parent.handlers, m);
        }
        for (Pipe link : links) {
            taken = true;
            link.send(m.data()).exceptionally(e -> {
                log.debug("forwarding from {} to {} failed", pipe, link, e);
                return null;
            });
        }
        CompletionStage<?> async = null;
        for (AsyncMessageHandler h : asyncHandlers()) {
            taken = true;
            async = async == null ? callAsync(h, m) : async.thenCompose(x -> callAsync(h, m));
        }
        if (!taken) {
            unhandled.incrementAndGet();
        }
        return async;
    }

    private List<AsyncMessageHandler> asyncHandlers() {
        if (parent == null || parent.asyncHandlers.isEmpty()) {
            return asyncHandlers;
        }
        List<AsyncMessageHandler> all = new ArrayList<>(asyncHandlers);
        all.addAll(parent.asyncHandlers);
        return all;
    }

    private static boolean offer(List<Subscription> subs, Message m) {
        boolean taken = false;
        for (Subscription s : subs) {
            if (s.matches(m)) {
                s.offer(m);
                taken = true;
            }
        }
        return taken;
    }

    private boolean callHandlers(List<MessageHandler> hs, Message m) {
        for (MessageHandler h : hs) {
            try {
                h.onMessage(m.data(), m.sender(), pipe);
            } catch (Throwable e) {
                if (PipeInbound.isFatal(e)) {
                    throw (Error) e; // the receive path stops the batch and closes the pipe
                }
                log.warn("message handler of {} failed", pipe, e);
            }
        }
        return !hs.isEmpty();
    }

    private CompletionStage<?> callAsync(AsyncMessageHandler h, Message m) {
        try {
            CompletionStage<?> s = h.onMessage(m.data(), m.sender(), pipe);
            return s == null ? CompletableFuture.completedFuture(null) : s.exceptionally(e -> {
                log.warn("message handler of {} failed", pipe, e);
                return null;
            });
        } catch (Exception e) {
            log.warn("message handler of {} failed", pipe, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public void discard(Message m) {
        // a byte array: nothing to release
    }

    @Override
    public String failedFatally(int notDelivered) {
        return "a message handler failed fatally on " + pipe + "; " + notDelivered
                + " received message(s) after it were not delivered";
    }

    @Override
    public boolean endsOnEventLoop() {
        return subscriptions.isEmpty();
    }

    @Override
    public void ended(CloseReason reason) {
        ended = true;
        for (Subscription s : subscriptions) {
            s.close();
        }
    }
}
