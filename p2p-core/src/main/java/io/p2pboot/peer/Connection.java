package io.p2pboot.peer;

import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.DataFrame;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link between two peers with one data type, strict or not, streaming or not (Peerpy's
 * {@code Connection}). It exists on both sides once the listener has accepted the offer.
 *
 * <p>Data handlers of one connection run in order, one at a time, never on an I/O thread; a
 * connection without data handlers keeps its messages for {@link #receive(Duration)}, and reads
 * less while they wait, so nothing is dropped and memory stays bounded. {@code close} fires
 * once, after the last message was handled. The work is done by its two sides,
 * {@link ConnectionSender} and {@link ConnectionReceiver}, on the pipe it runs on.
 */
public final class Connection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Peer peer;
    private final PipeChannel channel;
    private final String peerName;
    private final DataType dataType;
    private final boolean strict;
    private final boolean stream;
    private final FrameDecoder decoder;
    private final ConnectionSender sender;
    private final ConnectionReceiver receiver;
    /** Made with the first request: idle connections are many, and most never make one. */
    private volatile @Nullable ConnectionRequests requests;
    private static final AtomicReferenceFieldUpdater<Connection, ConnectionRequests> REQUESTS =
            AtomicReferenceFieldUpdater.newUpdater(Connection.class, ConnectionRequests.class, "requests");
    /** Whether this peer dialled the connection (sent HELLO), rather than accepted it. */
    private final boolean dialled;
    /** The session the handshake agreed on; {@code null} for a connection without one (and every Python peer's). */
    private final @Nullable SessionLink session;

    Connection(Peer peer, PipeChannel channel, FrameDecoder decoder, ConnectionReceiver receiver, String peerName,
               DataType dataType, boolean strict, boolean stream, int dataSize, boolean dialled) {
        this(peer, channel, decoder, receiver, peerName, dataType, strict, stream, dataSize, dialled, null);
    }

    Connection(Peer peer, PipeChannel channel, FrameDecoder decoder, ConnectionReceiver receiver, String peerName,
               DataType dataType, boolean strict, boolean stream, int dataSize, boolean dialled,
               @Nullable SessionLink session) {
        this.peer = peer;
        this.session = session;
        this.dialled = dialled;
        this.channel = channel;
        this.decoder = decoder;
        this.receiver = receiver;
        this.peerName = peerName;
        this.dataType = dataType;
        this.strict = strict;
        this.stream = stream;
        this.sender = new ConnectionSender(peer, channel, decoder, peerName, stream, dataSize, session);
    }

    /** The other peer's name, {@code ip:port}: what this connection is known by. */
    public String peerName() {
        return peerName;
    }

    public Peer peer() {
        return peer;
    }

    /** Whether this peer dialled the connection ({@code connect}), rather than accepted the other's offer. */
    public boolean dialled() {
        return dialled;
    }

    /**
     * Whether the connection carries an acknowledged, resumable session ({@link PeerConfig#sessions()}
     * on both sides): then every send's future completes when the other side's handlers ran.
     */
    public boolean hasSession() {
        return session != null;
    }

    /** The session the handshake agreed on, or {@code null}. */
    @Nullable SessionLink sessionLink() {
        return session;
    }

    PipeChannel channel() {
        return channel;
    }

    /** The name the other peer knows this one by on this connection: see {@link Peer#nameOn}. */
    String localName() {
        return peer.nameOn(channel.localAddress());
    }

    public DataType dataType() {
        return dataType;
    }

    public boolean strict() {
        return strict;
    }

    public boolean stream() {
        return stream;
    }

    /** The fixed message size of a streaming connection; 0 until it is known, and for other connections. */
    public int dataSize() {
        return sender.dataSize();
    }

    public @Nullable InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The pipe the connection runs on. */
    public Pipe pipe() {
        return channel.pipe();
    }

    public boolean isOpen() {
        return channel.pipe().isOpen();
    }

    /** Why the connection closed, or {@code null} while it is open. */
    public @Nullable CloseReason closeReason() {
        return channel.pipe().closeReason();
    }

    // ---- sending

    /**
     * Sends a value encoded by the connection's data type, waiting (at most the peer's timeout)
     * while the other side is slower than this one; returns once the message is queued. On a
     * connection with a session ({@link #hasSession()}) it also waits while the session holds
     * {@link SessionConfig#maxUnacked()} bytes not yet acknowledged, and the future completes when
     * the other side's handlers ran (it fails with a {@link SessionExpiredException} when the
     * session ends first); otherwise it completes when the message is written to the socket.
     *
     * <p>On a {@code bytes} connection a {@code byte[]} is copied before this returns (reuse it at
     * once); a {@code ByteBuffer} or a Netty {@code ByteBuf} is sent without a copy, its bytes read
     * as they are written: leave them unchanged until the returned future completes (a
     * {@code ByteBuf} is retained until then, the caller keeps its own reference to release).
     *
     * @throws IllegalArgumentException the value does not fit the data type, or a streaming
     *     connection's size
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size: the other side would close the connection on its header, so nothing is queued
     *     and the connection stays open
     * @throws SendTimeoutException the other side did not take data in time
     */
    public CompletableFuture<Void> send(@Nullable Object value) throws SendTimeoutException {
        sender.awaitWritable(peer.timeout());
        if (session != null) {
            session.session().awaitRoom(peer.timeout());
        }
        return sendAsync(value);
    }

    /**
     * Sends without waiting; the future completes when the message is written to the socket, or
     * on a connection with a session when the other side acknowledged it. Check {@link #isWritable()}
     * to avoid queueing without bound in memory. On a session that holds
     * {@link SessionConfig#maxUnacked()} bytes not yet acknowledged, the future fails at once with a
     * {@link SessionFullException} and nothing is queued.
     *
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size; nothing is queued and the connection stays open
     */
    public CompletableFuture<Void> sendAsync(@Nullable Object value) {
        return sendAs(dataType, value);
    }

    /**
     * Sends with another data type: only on a non-strict connection.
     *
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size ({@link PeerConfig#maxMessageSize()}, which the other side is expected to share);
     *     nothing is queued and the connection stays open
     */
    public CompletableFuture<Void> sendAs(DataType type, @Nullable Object value) {
        if (type != dataType && strict) {
            throw new IllegalArgumentException("a strict " + dataType + " connection cannot send " + type);
        }
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection to " + peerName + " is closed"));
        }
        return sender.send(type, value);
    }

    /** Whether the socket takes more now, without queueing in memory. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    // ---- request and reply

    /**
     * Sends {@code value} and waits for the reply: the next message that arrives on this
     * connection, read as {@code type} (for {@code json} by Jackson, as {@link Received#as}).
     *
     * <p>Peerpy's messages carry no correlation id, so the reply is whatever message arrives next
     * after the request was sent. That message goes to the request only: not to data handlers
     * (the connection's or the peer's) and not to {@link #receive}; messages that arrived before
     * it are handled as usual. Requests made at once, from several threads, are paired with the
     * messages that arrive in the order the requests went on the wire: right as long as the other
     * side answers every request once and in order, as an {@code @OnData} method that returns its
     * reply does. A request that times out gives up its place: a reply that comes after that goes
     * to the next waiting request, or to the data handlers when none waits; so after a timeout,
     * close the connection if a late reply could be taken for another's. A data handler of this
     * very connection may make requests: the reply is taken as it arrives, not after the handler.
     *
     * @param timeout how long to wait for the reply once the request is queued; the send itself
     *     first waits as {@link #send} does (at most the peer's timeout) for a slow receiver
     * @return the reply as {@code type}; {@code null} for a null payload
     * @throws ReplyTimeoutException no message came within {@code timeout}, or the thread was interrupted
     * @throws SendTimeoutException the other side took no data in time; nothing was sent
     * @throws IllegalStateException the connection is closed, or closed before the reply came
     * @throws IllegalArgumentException the value does not fit the data type; or the reply cannot be
     *     read as {@code type} (a {@code PayloadTypeMismatchException}: the message was taken nevertheless)
     */
    public <T> @Nullable T request(@Nullable Object value, Class<T> type, Duration timeout)
            throws SendTimeoutException, ReplyTimeoutException {
        sender.awaitWritable(peer.timeout());
        @SuppressWarnings("unchecked")
        T reply = (T) requests().request(value, type, timeout);
        return reply;
    }

    /**
     * {@link #request} without blocking: sends at once (see {@link #sendAsync}), and the future
     * completes with the reply on the handler executor, never on an I/O thread, so what is
     * chained to it may block. It fails with a {@link ReplyTimeoutException} when no message came
     * within {@code timeout}, and with the exceptions {@code request} throws otherwise.
     */
    public <T> CompletableFuture<@Nullable T> requestAsync(@Nullable Object value, Class<T> type, Duration timeout) {
        @SuppressWarnings("unchecked")
        CompletableFuture<@Nullable T> reply = (CompletableFuture<@Nullable T>) (CompletableFuture<?>)
                requests().requestAsync(value, type, timeout);
        return reply;
    }

    private ConnectionRequests requests() {
        ConnectionRequests r = requests;
        if (r == null) {
            REQUESTS.compareAndSet(this, null,
                    new ConnectionRequests(this, channel, receiver.replies(), peer.config().pipe().executor()));
            r = requests;
        }
        return r;
    }

    // ---- receiving

    /** The next message, waiting at most {@code timeout}; {@code null} if none came or the connection closed. */
    public @Nullable Received receive(Duration timeout) {
        return receiver.inbox().take(timeout);
    }

    public CompletableFuture<@Nullable Received> receiveAsync(Duration timeout) {
        return receiver.inbox().takeAsync(timeout);
    }

    /** Received payload bytes waiting for handlers or {@code receive}: at most about the inbound buffer. */
    public long pendingBytes() {
        return receiver.pendingBytes();
    }

    /** Adds a data handler; messages already waiting for {@code receive} go to it first. */
    public Connection onData(DataHandler handler) {
        receiver.addDataHandler(handler);
        return this;
    }

    public boolean removeDataHandler(DataHandler handler) {
        return receiver.removeDataHandler(handler);
    }

    /** Runs once when the connection ends; added after that, it runs at once. */
    public Connection onClose(CloseListener listener) {
        receiver.addCloseListener(this, listener);
        return this;
    }

    // ---- called on the event loop by ConnectionInbound

    /** A DATA frame for this connection. */
    void arrived(DataFrame frame) {
        receiver.arrived(this, frame);
    }

    /** A DATA frame refused on arrival: its bytes go back. */
    void discarded(DataFrame frame) {
        receiver.discarded(frame);
    }

    /** On a stream, the first message received settles the size, unless this side sent first. */
    void settleStreamSize(int size) {
        if (stream) {
            sender.settleSize(size);
        }
    }

    /**
     * Called on the event loop when nothing was received for the dead-after time: whether the
     * connection still shows life. Only a stream can show it: it carries no PINGs, so on a
     * one-way stream the sending side hears nothing while all is well, and its own sends since
     * the last check are the sign (a dead peer stops taking them, and then they stop). Or this
     * side stopped reading, waiting for memory for its next message: the silence is its own.
     */
    boolean aliveThoughSilent() {
        return stream && sender.sentSinceLastCheck() || decoder.isWaitingForMemory();
    }

    /** Closes for a reason of the protocol's (a violation, a silent peer), after what was queued is written. */
    void closeFor(CloseReason reason) {
        channel.closeFor(reason);
    }

    /** Runs {@code task} on this connection's handler queue, in order with its messages and its end. */
    void runInOrder(Runnable task) {
        channel.execute(task);
    }

    // ---- closing

    /** Closes gracefully: what was queued for sending goes out first (waiting at most the peer's stop timeout). */
    public CompletableFuture<CloseReason> closeAsync() {
        return channel.close(CloseReason.local(), peer.config().stopTimeout());
    }

    /**
     * Closes gracefully for a reason of the caller's (an error handler closing after a failure):
     * the reason {@code close} handlers see, unless the connection was closing already.
     */
    public CompletableFuture<CloseReason> closeAsync(CloseReason reason) {
        return channel.close(reason, peer.config().stopTimeout());
    }

    /** Closes gracefully and waits (at most the peer's stop timeout) until {@code close} handlers ran. */
    @Override
    public void close() {
        channel.startClose(CloseReason.local(), peer.config().stopTimeout());
        try {
            if (channel.pipe().awaitEnd(peer.config().stopTimeout()) == null) {
                log.debug("close of the connection to {} did not finish in time", peerName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peerName + ", " + dataType + (strict ? ", strict" : "") + (stream ? ", stream" : "") + "]";
    }
}
