package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
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
 * messages nobody reads. A pipe that carries a {@link PipeProtocol} (a peer's connection) has no
 * message API: the protocol receives through the same path ({@link PipeInbound}) with its own sink.
 *
 * <p>Open pipes with {@link #tcp()} and {@link #udp()}. This class is the public face of the
 * pipe (P2PD's whole pipe API in one place), so it is longer than most, about 450 lines, mostly
 * documented delegations: the work is in {@link PipeInbound} (receiving), {@link MessageDispatch}
 * (handlers and subscriptions), {@link WriteBatcher} (sending) and {@link PipeEnd} (closing).
 */
public abstract class Pipe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipe.class);

    final Protocol protocol;
    final PipeConfig config;
    final Channel channel;
    final SerialDispatcher dispatcher;
    final @Nullable ServerPipe parent;
    /** Handlers and subscriptions of a pipe without a protocol; {@code null} on a protocol's pipe. */
    final @Nullable MessageDispatch messages;
    /** The receive path: made with the first message, or by the protocol as it is installed. */
    private volatile @Nullable PipeInbound<?> inbound;
    /** What the protocol this pipe carries sees of it; {@code null} without one. */
    private volatile @Nullable PipeChannel seam;
    /** Made with the first up handler ({@link HandlerList#in}): pipes are many, and most have none. */
    volatile @Nullable HandlerList<UpHandler> upHandlers;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Pipe, HandlerList> UP_HANDLERS =
            AtomicReferenceFieldUpdater.newUpdater(Pipe.class, HandlerList.class, "upHandlers");
    private final PipeEnd end = new PipeEnd(this);
    private volatile @Nullable Subscription defaultSubscription;
    private volatile long errors; // a field with an updater, not an object: pipes are many
    private static final AtomicLongFieldUpdater<Pipe> ERRORS = AtomicLongFieldUpdater.newUpdater(Pipe.class, "errors");
    final WriteBatcher writer;

    Pipe(Protocol protocol, PipeConfig config, Channel channel, @Nullable ServerPipe parent, boolean subscribeAll,
         boolean carriesProtocol) {
        this.protocol = protocol;
        this.config = config;
        this.channel = channel;
        this.parent = parent;
        this.dispatcher = new SerialDispatcher(config.executor());
        this.messages = carriesProtocol ? null : new MessageDispatch(this, parent == null ? null : parent.messages);
        this.writer = new WriteBatcher(channel, this);
        if (subscribeAll && messages != null) {
            defaultSubscription = messages.subscribe(Subscription.Filter.all());
        }
        channel.closeFuture().addListener(end);
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
    public abstract @Nullable InetSocketAddress remoteAddress();

    public boolean isOpen() {
        return channel.isOpen();
    }

    // ---- sending

    /**
     * Sends to this pipe's destination; the future completes when the bytes are written to the
     * socket. The array is copied before this returns: the caller may reuse it at once.
     */
    public abstract CompletableFuture<Void> send(byte[] message);

    /**
     * Sends a buffer's readable bytes to this pipe's destination without copying them; the pipe
     * takes ownership of the buffer (it is released once written, or at once if it cannot be).
     */
    public abstract CompletableFuture<Void> send(ByteBuf buffer);

    /** Sends {@code first} then {@code second} as one write, both copied before this returns. */
    CompletableFuture<Void> writeCopies(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return send(Unpooled.wrappedBuffer(both)); // a copy already: handed over as it is
    }

    /** Writes a copy of {@code src}'s readable bytes (the caller keeps {@code src}), with no future. */
    void writeCopy(ByteBuf src) {
        send(src.retainedDuplicate());
    }

    /** Writes what {@code write} copies (at most {@link WriteBatcher#MERGE_LIMIT} bytes), with no future. */
    void writeCopy(CopiedWrite write) {
        ByteBuf copy = channel.alloc().buffer(write.length());
        write.copyTo(copy);
        send(copy);
    }

    /** Whether the socket takes more now without queueing in memory. */
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
    public @Nullable Message request(byte[] message, Duration timeout) {
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
    public @Nullable Message recv() {
        return recv(config.recvTimeout());
    }

    public @Nullable Message recv(Duration timeout) {
        return recvAsync(timeout).join();
    }

    /** Non-blocking twin of {@link #recv(Duration)}. */
    public CompletableFuture<@Nullable Message> recvAsync(Duration timeout) {
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
        return messages().subscribe(filter);
    }

    public void unsubscribe(Subscription s) {
        messages().subscriptions.remove(s);
        if (s == defaultSubscription) {
            defaultSubscription = null;
        }
    }

    /** The message side, which a pipe carrying a protocol does not have. */
    private MessageDispatch messages() {
        if (messages == null) {
            throw new IllegalStateException(this + " carries a protocol: receive through it, not the pipe");
        }
        return messages;
    }

    // ---- handlers

    public Pipe addMessageHandler(MessageHandler h) {
        messages().handlers.add(h);
        return this;
    }

    public boolean removeMessageHandler(MessageHandler h) {
        return messages().handlers.remove(h);
    }

    public Pipe addAsyncMessageHandler(AsyncMessageHandler h) {
        messages().asyncHandlers.add(h);
        return this;
    }

    public boolean removeAsyncMessageHandler(AsyncMessageHandler h) {
        return messages().asyncHandlers.remove(h);
    }

    public Pipe addUpHandler(UpHandler h) {
        HandlerList.<Pipe, UpHandler>in(this, UP_HANDLERS).add(h);
        return this;
    }

    public boolean removeUpHandler(UpHandler h) {
        return HandlerList.orNone(upHandlers).remove(h);
    }

    /** Runs once when the pipe closes; added after that, it runs at once (on the handler executor). */
    public Pipe addEndHandler(EndHandler h) {
        end.add(h);
        return this;
    }

    public boolean removeEndHandler(EndHandler h) {
        return end.remove(h);
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
        messages().links.add(other);
    }

    public void unlink(Pipe other) {
        messages().links.remove(other);
    }

    /** Links two pipes both ways, making a relay. */
    public static void relay(Pipe a, Pipe b) {
        a.link(b);
        b.link(a);
    }

    // ---- counters

    /** Messages that matched no subscription, handler or link and were dropped. */
    public long unhandledMessages() {
        return messages == null ? 0 : messages.unhandled();
    }

    /** Messages dropped as duplicates ({@code enable_msg_ids}). */
    public long duplicateMessages() {
        return messages == null ? 0 : messages.duplicates();
    }

    /** Errors seen on the socket, counted whether or not they closed it. */
    public long errors() {
        return errors;
    }

    // ---- closing

    /** Why the pipe closed, or {@code null} while it is open. */
    public @Nullable CloseReason closeReason() {
        return end.reason();
    }

    /** Whether the pipe has closed and its end handlers have run. */
    public boolean hasEnded() {
        return end.hasEnded();
    }

    /**
     * Completes with the reason once the pipe has closed and its end handlers have run; never on
     * an event loop, so what is chained to it may block.
     */
    public CompletableFuture<CloseReason> endFuture() {
        return end.future();
    }

    /**
     * Waits at most {@code limit} for the pipe to end (closed, end handlers run); returns why it
     * closed, or {@code null} if it had not ended in time.
     */
    public @Nullable CloseReason awaitEnd(Duration limit) throws InterruptedException {
        return end.await(limit);
    }

    /**
     * Closes the pipe: what was queued for sending is written first (waiting at most
     * {@code con_timeout}), then the socket closes. The future completes when end handlers have run.
     */
    public CompletableFuture<CloseReason> closeAsync() {
        closeWith(CloseReason.local(), config.conTimeout());
        return endFuture();
    }

    /** Closes and waits for the end handlers (bounded by {@code con_timeout} plus a second). */
    @Override
    public void close() {
        closeWith(CloseReason.local(), config.conTimeout());
        try {
            if (awaitEnd(config.conTimeout().plusSeconds(1)) == null) {
                log.debug("close of {} did not finish in time", this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The one way a pipe closes: records why (the first reason wins), then closes the socket, at
     * once or, given a {@code drainLimit}, once what was queued for sending is out (or the limit
     * passed, for a receiver too slow to take it).
     */
    void closeWith(CloseReason reason, @Nullable Duration drainLimit) {
        end.close(reason, drainLimit);
    }

    /** Whether the receive side may end on the event loop now: nothing there would run user code. */
    boolean receivingEndsOnEventLoop() {
        PipeInbound<?> in = inbound;
        return in != null ? in.sink().endsOnEventLoop() : messages == null || messages.endsOnEventLoop();
    }

    /** Called by {@link PipeEnd} first: the receive side ends, after every delivery handed on before. */
    void endReceiving(CloseReason reason) {
        PipeInbound<?> in = inbound;
        if (in != null) {
            in.ended(reason);
        } else if (messages != null) {
            messages.ended(reason);
        }
    }

    // ---- called on the event loop by PipeReader and the bootstraps

    /** A message for the pipe's handlers and subscriptions. */
    void received(Message m) {
        if (messages == null) {
            // The protocol this pipe carries passed bytes on instead of consuming them.
            log.debug("{}: dropped {} bytes that its protocol did not take", this, m.data().length);
            return;
        }
        PipeInbound<?> in = inbound;
        if (in == null) {
            in = receiveWith(messages(), config.readerLimit(), bytes -> { });
        }
        @SuppressWarnings("unchecked")
        PipeInbound<Message> forMessages = (PipeInbound<Message>) in;
        forMessages.arrived(m);
    }

    /** The receive path with {@code sink} at its end; once per pipe. */
    <T> PipeInbound<T> receiveWith(PipeInbound.Sink<T> sink, long limit, LongConsumer freed) {
        if (inbound != null) {
            throw new IllegalStateException(this + " has a receive path already");
        }
        PipeInbound<T> made = new PipeInbound<>(this, sink, limit, freed);
        inbound = made;
        return made;
    }

    /** A read burst ended (or the channel went inactive): what it brought is handed on. */
    void burstEnded() {
        PipeInbound<?> in = inbound;
        if (in != null) {
            in.burstEnded();
        }
    }

    /** A datagram refused on its own (too large): counted and dropped; the socket serves the other senders. */
    void rejected(String why) {
        ERRORS.incrementAndGet(this);
        log.debug("{}: dropped a {}", this, why);
    }

    /** An error on the socket: counted; closes the pipe unless {@code do_close} is off or the socket is gone anyway. */
    /**
     * A write failed: an I/O error at the socket (not a write after the close) is why the pipe
     * closes, unless a reason was known before. Netty closes the channel itself.
     */
    void writeFailed(Throwable cause) {
        if (cause instanceof IOException && !(cause instanceof ClosedChannelException)
                && end.because(PipeReader.reasonFor(cause))) {
            ERRORS.incrementAndGet(this);
        }
    }

    void failed(CloseReason reason) {
        ERRORS.incrementAndGet(this);
        if (config.doClose() || !channel.isActive() && protocol == Protocol.TCP) {
            closeWith(reason, null);
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
        if (end.because(reason)) {
            ERRORS.incrementAndGet(this);
        }
        channel.eventLoop().execute(() -> closeWith(reason, null));
    }

    /** Runs the up handlers of this pipe, then (for an accepted client) the server's. */
    void up() {
        runUp(HandlerList.orNone(upHandlers));
        if (parent != null) {
            runUp(HandlerList.orNone(parent.upHandlers));
        }
    }

    private void runUp(HandlerList<UpHandler> handlers) {
        for (UpHandler h : handlers) {
            dispatcher.execute(() -> {
                try {
                    h.onUp(this);
                } catch (Exception e) {
                    log.warn("up handler of {} failed", this, e);
                }
            });
        }
    }

    /** Wakes senders waiting for room ({@link PipeChannel#awaitWritable}). */
    void writabilityChanged() {
        PipeChannel s = seam;
        if (s != null) {
            s.writabilityChanged();
        }
    }

    /** Installs the protocol this pipe carries: on the event loop, as the channel is initialized. */
    void install(PipeProtocol protocol) {
        PipeChannel s = new PipeChannel(this);
        seam = s;
        protocol.install(s);
    }

    @Override
    public String toString() {
        InetSocketAddress remote = remoteAddress();
        return protocol + " pipe " + channel.localAddress() + (remote != null ? " -> " + remote : "");
    }
}
