package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object for every socket: TCP or UDP, IPv4 or IPv6, client or server (P2PD's pipe).
 *
 * <p>Messages reach the pipe's handlers as they arrive and the queues of its subscriptions, read
 * with {@link #recv()}. Handlers run one at a time, in arrival order, on the handler executor,
 * never on an I/O thread. A pipe opened without a message handler starts with a subscription to
 * everything, so {@code recv()} sees every message; one opened with a handler keeps no queue
 * unless asked to ({@link #subscribe(Subscription.Filter)}), so a busy server does not pile up
 * messages nobody reads.
 *
 * <p>Open pipes with {@link #tcp()} and {@link #udp()}.
 */
public abstract class Pipe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipe.class);

    final Protocol protocol;
    final PipeConfig config;
    final Channel channel;
    final SerialDispatcher dispatcher;
    final ServerPipe parent;

    final List<MessageHandler> handlers = new CopyOnWriteArrayList<>();
    final List<AsyncMessageHandler> asyncHandlers = new CopyOnWriteArrayList<>();
    final List<UpHandler> upHandlers = new CopyOnWriteArrayList<>();
    private final List<EndHandler> endHandlers = new CopyOnWriteArrayList<>();
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Set<Pipe> links = new CopyOnWriteArraySet<>();
    private volatile Subscription defaultSubscription;

    private final MessageIds messageIds;
    private final ReadBudget budget;
    private final AtomicLong unhandled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Completed where the end handlers ran (perhaps the event loop): only blocking waits depend on it. */
    private final CompletableFuture<CloseReason> ended = new CompletableFuture<>();
    /** The callers' future, made on first request and never completed on the event loop. */
    private volatile CompletableFuture<CloseReason> callersEnd; // a field, not an AtomicReference: idle pipes are many
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Pipe, CompletableFuture> CALLERS_END =
            AtomicReferenceFieldUpdater.newUpdater(Pipe.class, CompletableFuture.class, "callersEnd");
    final WriteBatcher writer;

    Pipe(Protocol protocol, PipeConfig config, Channel channel, ServerPipe parent, boolean subscribeAll) {
        this.protocol = protocol;
        this.config = config;
        this.channel = channel;
        this.parent = parent;
        this.dispatcher = new SerialDispatcher(config.executor());
        this.messageIds = config.enableMsgIds() ? new MessageIds(config.maxMsgIds()) : null;
        this.writer = new WriteBatcher(channel);
        this.budget = new ReadBudget(channel, config.readerLimit());
        if (subscribeAll) {
            defaultSubscription = subscribe(Subscription.Filter.all());
        }
        channel.closeFuture().addListener(f -> onChannelClosed());
    }

    /** A TCP pipe: a client when given a destination, else a server. */
    public static PipeBuilder tcp() {
        return new PipeBuilder(Protocol.TCP);
    }

    /** A UDP pipe; a destination only sets where {@link #send(byte[])} goes. */
    public static PipeBuilder udp() {
        return new PipeBuilder(Protocol.UDP);
    }

    public Protocol protocol() {
        return protocol;
    }

    public PipeConfig config() {
        return config;
    }

    /** The Netty channel under this pipe ({@code sock_only}): its options, its pipeline, its socket. */
    public Channel channel() {
        return channel;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Where {@link #send(byte[])} goes; {@code null} for servers and UDP pipes without a destination. */
    public abstract InetSocketAddress remoteAddress();

    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * The queue this pipe's handlers run in, one task at a time: a protocol running on the pipe
     * queues its own events here so that they keep their order with the pipe's end handlers.
     */
    public SerialDispatcher dispatcher() {
        return dispatcher;
    }

    // ---- sending

    /**
     * Sends to this pipe's destination; the future completes when the bytes are written to the
     * socket. The array is copied before this returns: the caller may reuse it at once.
     */
    public abstract CompletableFuture<Void> send(byte[] message);

    /**
     * Sends a buffer's readable bytes to this pipe's destination without copying them; the pipe
     * takes ownership of the buffer. For protocols running on pipes.
     */
    public abstract CompletableFuture<Void> send(ByteBuf buffer);

    /**
     * Sends {@code first} and then {@code second} as one message, both copied before this returns,
     * so the caller may reuse them at once. For protocols running on pipes: a header and a small
     * payload, for instance.
     */
    public CompletableFuture<Void> sendCopies(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return send(Unpooled.wrappedBuffer(both)); // a copy already: handed over as it is
    }

    /** The sending twin of {@link ReadBudget}: whether the socket takes more without queueing in memory. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Sends to a given address: any for UDP, a connected client for a TCP server, the peer for a TCP client. */
    public abstract CompletableFuture<Void> send(byte[] message, InetSocketAddress to);

    /**
     * Sends and waits for the next message from the destination; when none comes within
     * {@code timeout}, sends again, up to {@code send_retry} more times (the seed's UDP request
     * pattern). Returns {@code null} when every try went unanswered.
     */
    public Message request(byte[] message, Duration timeout) {
        InetSocketAddress to = remoteAddress();
        if (to == null) {
            throw new IllegalStateException("request needs a pipe with a destination");
        }
        Subscription replies = subscribe(Subscription.Filter.from(to));
        try {
            for (int attempt = 0; attempt <= config.sendRetry(); attempt++) {
                send(message).join();
                Message reply = replies.recv(timeout);
                if (reply != null) {
                    return reply;
                }
            }
            return null;
        } finally {
            unsubscribe(replies);
        }
    }

    // ---- receiving

    /** The next message, waiting at most {@code recv_timeout}; {@code null} when none came. */
    public Message recv() {
        return recv(config.recvTimeout());
    }

    public Message recv(Duration timeout) {
        return recvAsync(timeout).join();
    }

    /** Non-blocking twin of {@link #recv(Duration)}. */
    public CompletableFuture<Message> recvAsync(Duration timeout) {
        Subscription s = defaultSubscription;
        if (s == null) {
            synchronized (this) {
                s = defaultSubscription;
                if (s == null) {
                    s = subscribe(Subscription.Filter.all());
                    defaultSubscription = s;
                }
            }
        }
        return s.recvAsync(timeout);
    }

    /** A queue of the messages that match {@code filter}, bounded by {@code max_qsize}. */
    public Subscription subscribe(Subscription.Filter filter) {
        Subscription s = new Subscription(filter, config.maxQsize());
        subscriptions.add(s);
        if (ending.get()) {
            s.close();
        }
        return s;
    }

    public void unsubscribe(Subscription s) {
        subscriptions.remove(s);
        if (s == defaultSubscription) {
            defaultSubscription = null;
        }
    }

    // ---- handlers

    public Pipe addMessageHandler(MessageHandler h) {
        handlers.add(h);
        return this;
    }

    public boolean removeMessageHandler(MessageHandler h) {
        return handlers.remove(h);
    }

    public Pipe addAsyncMessageHandler(AsyncMessageHandler h) {
        asyncHandlers.add(h);
        return this;
    }

    public boolean removeAsyncMessageHandler(AsyncMessageHandler h) {
        return asyncHandlers.remove(h);
    }

    public Pipe addUpHandler(UpHandler h) {
        upHandlers.add(h);
        return this;
    }

    public boolean removeUpHandler(UpHandler h) {
        return upHandlers.remove(h);
    }

    /** Runs once when the pipe closes; added after that, it runs at once (on the handler executor). */
    public Pipe addEndHandler(EndHandler h) {
        endHandlers.add(h);
        if (ending.get()) {
            CloseReason reason = closeReason.get();
            dispatcher.execute(() -> {
                if (endHandlers.remove(h)) {
                    runEnd(h, reason);
                }
            });
        }
        return this;
    }

    public boolean removeEndHandler(EndHandler h) {
        return endHandlers.remove(h);
    }

    // ---- linking

    /**
     * Forwards every message this pipe receives down {@code other} (to its destination). Link both
     * ways for a relay; it does not loop, since a pipe never receives what it sends.
     */
    public void link(Pipe other) {
        if (other == this) {
            throw new IllegalArgumentException("a pipe cannot be linked to itself");
        }
        if (other.remoteAddress() == null) {
            throw new IllegalArgumentException("a linked pipe needs a destination to forward to: " + other);
        }
        links.add(other);
    }

    public void unlink(Pipe other) {
        links.remove(other);
    }

    /** Links two pipes both ways, making a relay. */
    public static void relay(Pipe a, Pipe b) {
        a.link(b);
        b.link(a);
    }

    // ---- counters

    /** Messages that matched no subscription, handler or link and were dropped. */
    public long unhandledMessages() {
        return unhandled.get();
    }

    /** Messages dropped as duplicates ({@code enable_msg_ids}). */
    public long duplicateMessages() {
        return duplicates.get();
    }

    /** Errors seen on the socket, counted whether or not they closed it. */
    public long errors() {
        return errors.get();
    }

    // ---- closing

    /** Why the pipe closed, or {@code null} while it is open. */
    public CloseReason closeReason() {
        return ended.isDone() ? closeReason.get() : null;
    }

    /** Whether the pipe has closed and its end handlers have run. */
    public boolean hasEnded() {
        return ended.isDone();
    }

    /**
     * Completes with the reason once the pipe has closed and its end handlers have run; never on
     * an event loop, so what is chained to it may block.
     */
    public CompletableFuture<CloseReason> endFuture() {
        CompletableFuture<CloseReason> f = callersEnd;
        if (f == null) {
            CompletableFuture<CloseReason> made = new CompletableFuture<>();
            f = CALLERS_END.compareAndSet(this, null, made) ? made : callersEnd;
        }
        return f;
    }

    /**
     * Waits at most {@code limit} for the pipe to end (closed, end handlers run); returns why it
     * closed, or {@code null} if it had not ended in time.
     */
    public CloseReason awaitEnd(Duration limit) throws InterruptedException {
        try {
            return ended.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /**
     * Closes the pipe: what was queued for sending is written first (waiting at most
     * {@code con_timeout}), then the socket closes. The future completes when end handlers have run.
     */
    public CompletableFuture<CloseReason> closeAsync() {
        closeWith(CloseReason.local(), true);
        return endFuture();
    }

    /**
     * Closes the pipe for a reason of the caller's (a protocol running on the pipe uses this to
     * say why it shut a connection); queued writes go out first, as with {@link #closeAsync()}.
     */
    public CompletableFuture<CloseReason> closeAsync(CloseReason reason) {
        closeWith(reason, true);
        return endFuture();
    }

    /**
     * Closes gracefully, giving queued writes up to {@code drainLimit} to go out (a slow receiver
     * may need longer than {@code con_timeout}); past it the socket closes anyway.
     */
    public CompletableFuture<CloseReason> closeAsync(CloseReason reason, Duration drainLimit) {
        beginClose(reason, drainLimit);
        return endFuture();
    }

    /** Starts a graceful close as {@link #closeAsync(CloseReason, Duration)} does, for callers that wait with {@link #awaitEnd}. */
    public void beginClose(CloseReason reason, Duration drainLimit) {
        closeWith(reason, drainLimit);
    }

    /** Closes and waits for the end handlers (bounded by {@code con_timeout} plus a second). */
    @Override
    public void close() {
        closeWith(CloseReason.local(), true);
        try {
            if (awaitEnd(config.conTimeout().plusSeconds(1)) == null) {
                log.debug("close of {} did not finish in time", this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records why the pipe closes (the first reason wins) and closes the channel. */
    void closeWith(CloseReason reason, boolean drainWrites) {
        closeWith(reason, drainWrites ? config.conTimeout() : null);
    }

    /** Records why the pipe closes (the first reason wins) and closes it, after queued writes when given a limit. */
    private void closeWith(CloseReason reason, Duration drainLimit) {
        closeReason.compareAndSet(null, reason);
        if (!channel.isOpen()) {
            return;
        }
        if (drainLimit != null && channel.isActive()) {
            channel.eventLoop().execute(() -> drainAndClose(drainLimit));
        } else {
            channel.close();
        }
    }

    /** On the event loop: writes what is queued, then closes once it is out, or when the limit passes. */
    private void drainAndClose(Duration drainLimit) {
        writer.drain();
        // Writes complete in order: once this empty one is done, everything before it is out.
        io.netty.channel.ChannelFuture flushed = channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
        if (flushed.isDone()) {
            // The socket took everything at once (the usual case): no timer to arm and cancel.
            channel.close();
            return;
        }
        io.netty.util.concurrent.ScheduledFuture<?> limit = channel.eventLoop()
                .schedule(() -> channel.close(), drainLimit.toMillis(), TimeUnit.MILLISECONDS);
        flushed.addListener(f -> {
            limit.cancel(false); // not left in the timer queue for the whole limit
            channel.close();
        });
    }

    /**
     * Decides the close reason one event-loop turn after the channel closed. A handler may close
     * the channel before it passes on the error that made it do so (the TLS handler does, for an
     * alert from the peer); waiting a turn lets that error name the reason instead of "remote".
     */
    private void onChannelClosed() {
        try {
            channel.eventLoop().execute(this::closedWithoutKnownReason);
        } catch (RejectedExecutionException loopGone) {
            closedWithoutKnownReason();
        }
    }

    private void closedWithoutKnownReason() {
        closeReason.compareAndSet(null, CloseReason.remote());
        if (channel.eventLoop().inEventLoop() && subscriptions.isEmpty() && dispatcher.isIdle()) {
            end(true); // nothing queued for the handlers to finish first: no hand-off unless a handler needs one
        } else {
            dispatcher.execute(() -> end(false));
        }
    }

    private void end(boolean onLoop) {
        if (ending.compareAndSet(false, true)) {
            runEndHandlers(closeReason.get(), onLoop);
        }
    }

    /** Runs the end handlers in order; on the event loop, it moves to the handler executor at the first that must run there. */
    private void runEndHandlers(CloseReason reason, boolean onLoop) {
        if (onLoop && !subscriptions.isEmpty()) {
            dispatcher.execute(() -> runEndHandlers(reason, false));
            return;
        }
        for (Subscription s : subscriptions) {
            s.close();
        }
        for (EndHandler h : endHandlers) {
            if (onLoop && !(h instanceof EventLoopEndHandler e && e.safeOnEventLoop())) {
                dispatcher.execute(() -> runEndHandlers(reason, false));
                return;
            }
            if (endHandlers.remove(h)) {
                runEnd(h, reason);
            }
        }
        ended.complete(reason);
        CompletableFuture<CloseReason> waiting = CALLERS_END.compareAndSet(this, null, CompletableFuture.completedFuture(reason))
                ? null : callersEnd;
        if (waiting != null) {
            if (onLoop) {
                dispatcher.execute(() -> waiting.complete(reason));
            } else {
                waiting.complete(reason);
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("{} closed: {}", this, reason);
        }
    }

    private void runEnd(EndHandler h, CloseReason reason) {
        try {
            h.onEnd(this, reason);
        } catch (Exception e) {
            log.warn("end handler of {} failed", this, e);
        }
    }

    // ---- inbound path (called on the event loop by PipeReader)

    void received(Message m) {
        int size = m.data().length;
        budget.taken(size);
        dispatcher.submit(() -> {
            CompletionStage<?> done = null;
            try {
                done = dispatch(m);
                return done;
            } finally {
                if (done == null) {
                    budget.released(size);
                } else {
                    done.whenComplete((r, e) -> budget.released(size));
                }
            }
        });
    }

    /** Runs on the handler executor, in order. */
    private CompletionStage<?> dispatch(Message m) {
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
                log.debug("forwarding from {} to {} failed", this, link, e);
                return null;
            });
        }
        CompletionStage<?> async = null;
        List<AsyncMessageHandler> asyncs = parent == null ? asyncHandlers : concat(asyncHandlers, parent.asyncHandlers);
        for (AsyncMessageHandler h : asyncs) {
            taken = true;
            async = async == null ? callAsync(h, m) : async.thenCompose(x -> callAsync(h, m));
        }
        if (!taken) {
            unhandled.incrementAndGet();
        }
        return async;
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
                h.onMessage(m.data(), m.sender(), this);
            } catch (Exception e) {
                log.warn("message handler of {} failed", this, e);
            }
        }
        return !hs.isEmpty();
    }

    private CompletionStage<?> callAsync(AsyncMessageHandler h, Message m) {
        try {
            CompletionStage<?> s = h.onMessage(m.data(), m.sender(), this);
            return s == null ? CompletableFuture.completedFuture(null) : s.exceptionally(e -> {
                log.warn("message handler of {} failed", this, e);
                return null;
            });
        } catch (Exception e) {
            log.warn("message handler of {} failed", this, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A datagram refused on its own (too large): counted and dropped; the socket serves the other senders. */
    void rejected(String why) {
        errors.incrementAndGet();
        log.debug("{}: dropped a {}", this, why);
    }

    /** An error on the socket: counted; closes the pipe unless {@code do_close} is off or the socket is gone anyway. */
    void failed(CloseReason reason) {
        errors.incrementAndGet();
        if (config.doClose() || !channel.isActive() && protocol == Protocol.TCP) {
            closeWith(reason, false);
        } else {
            log.debug("{}: {} (do_close is off, the pipe stays open)", this, reason);
        }
    }

    /**
     * The TLS handshake failed: the connection cannot go on, whatever {@code do_close} says. The
     * reason is recorded now, but the close waits for the next event-loop turn: the TLS handler
     * reports the failure before it writes the alert that tells the peer why, and closing at once
     * would lose that alert (the peer would see a bare disconnect instead of a TLS error).
     */
    void handshakeFailed(CloseReason reason) {
        if (closeReason.compareAndSet(null, reason)) {
            errors.incrementAndGet();
        }
        channel.eventLoop().execute(() -> closeWith(reason, false));
    }

    /** Runs the up handlers of this pipe, then (for an accepted client) the server's. */
    void up() {
        List<UpHandler> all = parent == null ? upHandlers : concat(upHandlers, parent.upHandlers);
        for (UpHandler h : all) {
            dispatcher.execute(() -> {
                try {
                    h.onUp(this);
                } catch (Exception e) {
                    log.warn("up handler of {} failed", this, e);
                }
            });
        }
    }

    @Override
    public String toString() {
        InetSocketAddress remote = remoteAddress();
        return protocol + " pipe " + channel.localAddress() + (remote != null ? " -> " + remote : "");
    }
}
