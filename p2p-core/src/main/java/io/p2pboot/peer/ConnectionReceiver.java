package io.p2pboot.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.HandlerList;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.pipe.PipeInbound;
import io.p2pboot.pipe.RecvQueue;
import io.p2pboot.protocol.DataFrame;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.InboundMemory;
import io.p2pboot.protocol.ProtocolException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one peer socket, from its handshake to its end: the sink of the pipe's
 * receive path. On the event loop it decodes what may be decoded there (so a bad payload closes
 * the connection at once); on the handler executor it decodes the rest and runs the data
 * handlers, or keeps the message for {@code receive}. While a request waits for its reply, the
 * next message to arrive is handed to it on the event loop, undecoded, and to nothing else. As the
 * pipe ends it fires {@code close} and fails the requests still waiting.
 *
 * <p>A data handler's failure, {@code Error}s included, is logged and the next message is
 * delivered; only a {@linkplain PipeInbound#isFatal fatal} error stops delivery (the pipe's receive path then
 * closes the connection saying how many messages were not delivered).
 */
final class ConnectionReceiver implements PipeInbound.Sink<Arrival> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionReceiver.class);

    private final Peer peer;
    private final PipeChannel channel;
    private final InboundMemory memory;
    private final PipeInbound<Arrival> inbound;
    /** Messages no data handler took, kept for {@code receive}; their bytes stay counted until taken. */
    private final RecvQueue<Received> inbox;
    /** Made with the first handler of this connection ({@link HandlerList#in}): most have none of their own. */
    private volatile @Nullable HandlerList<DataHandler> dataHandlers;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<ConnectionReceiver, HandlerList> DATA_HANDLERS =
            AtomicReferenceFieldUpdater.newUpdater(ConnectionReceiver.class, HandlerList.class, "dataHandlers");
    private final CloseListeners closeListeners;
    /** Requests waiting for a reply: each message that arrives while one waits is its reply. */
    private final PendingReplies replies = new PendingReplies();
    /** Told why the socket closed when it closes before the handshake made a connection. */
    private final Consumer<CloseReason> closedBeforeConnection;
    private volatile @Nullable Connection connection;
    /** Set on the event loop when a message failed its check: nothing after it is delivered. */
    private boolean rejected;
    /** Set where a message failed to decode off the event loop: nothing after it is delivered. */
    private volatile boolean refused;
    /** The connection's session, set with it; {@code null} without one. */
    private @Nullable SessionLink session;
    /**
     * While the session's previous connection still delivers what it received: this one's messages
     * wait for it, so that order holds across the break. {@code null} once it has.
     */
    private volatile @Nullable CompletableFuture<?> previousDelivered;

    ConnectionReceiver(Peer peer, PipeChannel channel, Consumer<CloseReason> closedBeforeConnection) {
        this.peer = peer;
        this.channel = channel;
        this.memory = peer.inboundMemory();
        this.closedBeforeConnection = closedBeforeConnection;
        this.closeListeners = new CloseListeners(peer, channel);
        this.inbound = channel.receiveWith(this, peer.config().inboundBuffer(), memory.releaser());
        this.inbox = new RecvQueue<>(0, this::taken);
    }

    /** The handshake made the connection: from now on, DATA is its. */
    void attach(Connection c) {
        this.connection = c;
        SessionLink link = c.sessionLink();
        if (link != null) {
            this.session = link;
            this.previousDelivered = link.previousDelivered();
        }
    }

    /** A message kept for {@code receive} was taken: its bytes go back, and a session counts it delivered. */
    private void taken(Received r) {
        inbound.freed(r.size());
        SessionLink s = session;
        if (s != null) {
            s.delivered(r);
        }
    }

    /**
     * On the handler executor, before this connection's first message of a resumed session: waits
     * (at most the peer's stop timeout) until the connection the session ran on before has handled
     * what it received, which came before.
     */
    private void afterPrevious() {
        CompletableFuture<?> previous = previousDelivered;
        if (previous == null) {
            return;
        }
        try {
            previous.get(peer.config().stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("the previous connection of the session with {} did not end in time", peerName());
        }
        previousDelivered = null;
    }

    RecvQueue<Received> inbox() {
        return inbox;
    }

    PendingReplies replies() {
        return replies;
    }

    long pendingBytes() {
        return inbound.pendingBytes();
    }

    // ---- on the event loop

    /**
     * A DATA frame of the connection. A codec that only checks on arrival
     * ({@link PayloadCodec#decodesOnEventLoop()}: {@code bytes}, and {@code json}, whose value is
     * built later) decodes here, so a bad payload closes the connection at once; unless every data
     * handler says what type it reads the payload as: then the check and the binding are one pass,
     * on the handler's thread ({@link #decode}), or here when the handlers run here too.
     */
    void arrived(Connection c, DataFrame frame) {
        if (rejected) {
            discarded(frame);
            return;
        }
        int size = frame.size();
        c.settleStreamSize(size);
        DataType type = c.strict() ? c.dataType() : frame.type();
        if (replies.anyWaiting() && takenAsReply(type, frame)) {
            return;
        }
        PayloadCodec codec = peer.codecs().get(type);
        byte[] owned = frame.ownedArray();
        if (owned == null || !codec.decodesOnEventLoop()) {
            inbound.arrived(new UndecodedFrame(frame, type));
            return;
        }
        Type bindTo = handlersPayloadType();
        if (bindTo != null && (viewType() != null || !handlersRunOnEventLoop())) {
            inbound.arrived(new UndecodedFrame(frame, type));
            return;
        }
        frame.release();
        peer.stats().received(type, size);
        try {
            // handlers that run here and declare their type get the payload checked and bound here, in one pass
            inbound.arrived((bindTo == null ? new Received(c, type, codec.decodeOwned(owned), codec, size)
                    : Received.bind(c, type, owned, bindTo, codec, size)).sequenced(frame.seq(), frame.possibleDuplicate()));
        } catch (ProtocolException e) {
            rejected = true;
            memory.release(size);
            channel.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
        }
    }

    /**
     * Gives the message to the oldest request waiting for a reply, if one still waits: its bytes
     * go with it, undecoded, to be bound on the requester's thread, and no handler sees it.
     */
    private boolean takenAsReply(DataType type, DataFrame frame) {
        int size = frame.size();
        byte[] owned = frame.ownedArray();
        byte[] payload = owned != null ? owned : ByteBufUtil.getBytes(frame.payload());
        if (!replies.complete(new PendingReplies.Reply(type, payload, size))) {
            return false; // the request gave up meanwhile: the message is an ordinary one
        }
        long seq = frame.seq();
        frame.release();
        memory.release(size);
        peer.stats().received(type, size);
        SessionLink s = session;
        if (s != null) {
            // counted delivered in turn with the messages before it, which may still wait for their handlers
            channel.execute(() -> s.session().delivered(s.epoch(), seq, size));
        }
        return true;
    }

    /** A message dropped on arrival (the connection is closing for it, or for one before it): its bytes go back. */
    void discarded(DataFrame frame) {
        int size = frame.size();
        frame.release();
        memory.release(size);
    }

    /**
     * Delivers on the event loop what may be: {@code bytes} messages for {@code receive} (no data
     * handlers anywhere) go straight into the inbox (the value is the frame's own array, so no code
     * but ours runs, and the receiving thread is woken one hand-off sooner); a message decoded here
     * goes to its handlers here when every one of them may run on the event loop
     * ({@link HandlerDispatch#EVENT_LOOP}), two hand-offs sooner.
     */
    @Override
    public boolean deliverOnEventLoop(Arrival arrival) {
        if (!(arrival instanceof Received r)) {
            return false;
        }
        if (previousDelivered != null) {
            return false; // the executor waits for the session's previous connection first
        }
        if (!hasDataHandlers()) {
            return r.dataType() == DataType.BYTES && inbox.addFromEventLoop(r);
        }
        if (rejected) {
            inbound.freed(r.size()); // a handler failed fatally before it on this loop: the connection is closing
            return true;
        }
        if (!handlersRunOnEventLoop()) {
            return false;
        }
        try {
            for (int i = 0; i < 2; i++) {
                for (DataHandler h : i == 0 ? (Iterable<DataHandler>) peer.dataHandlers() : HandlerList.orNone(dataHandlers)) {
                    long start = System.nanoTime();
                    call(h, r);
                    peer.stats().slowHandlers().ran(h, System.nanoTime() - start, r.connection().peerName());
                }
            }
            if (session != null) {
                session.delivered(r);
            }
        } catch (Error fatal) { // only fatal errors leave call()
            rejected = true;
            String reason = "a data handler failed fatally on the event loop of the connection to "
                    + r.connection().peerName() + "; the messages read after it were not delivered";
            log.error(reason, fatal);
            channel.closeFor(new CloseReason(CloseReason.Kind.LOCAL, reason, fatal));
        } finally {
            inbound.freed(r.size());
        }
        return true;
    }

    /** Whether every data handler runs on the event loop: as it says, or as the peer says when it says nothing. */
    private boolean handlersRunOnEventLoop() {
        HandlerDispatch peerDispatch = peer.config().handlerDispatch();
        for (int i = 0; i < 2; i++) {
            for (DataHandler h : i == 0 ? (Iterable<DataHandler>) peer.dataHandlers() : HandlerList.orNone(dataHandlers)) {
                HandlerDispatch own = h.dispatch();
                if ((own != null ? own : peerDispatch) != HandlerDispatch.EVENT_LOOP) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- on the handler executor

    @Override
    public int sizeOf(Arrival arrival) {
        return arrival.size();
    }

    @Override
    public @Nullable CompletionStage<?> deliver(Arrival arrival) {
        if (previousDelivered != null) {
            afterPrevious();
        }
        if (arrival instanceof UndecodedFrame f && f.type() == DataType.BYTES && viewType() != null) {
            deliverView(f);
            return null;
        }
        Received received = arrival instanceof Received r ? r : decode((UndecodedFrame) arrival);
        if (received == null) {
            return null; // the connection is closing for a protocol violation: nothing after it is delivered
        }
        if (!hasDataHandlers()) {
            inbox.add(received);
            return PipeInbound.KEPT;
        }
        callHandlers(received);
        if (session != null) {
            session.delivered(received);
        }
        return null;
    }

    private void callHandlers(Received received) {
        for (DataHandler h : peer.dataHandlers()) {
            call(h, received);
        }
        for (DataHandler h : HandlerList.orNone(dataHandlers)) {
            call(h, received);
        }
    }

    /**
     * A {@code bytes} payload given to handlers that all read it as a buffer: a read-only view of
     * the received bytes, no copy, valid while they run; the frame is released after them. A
     * {@code ByteBuffer} of a large payload (received in pieces) is the one exception: it is
     * merged into one buffer, a copy; a {@code ByteBuf} never is.
     */
    private void deliverView(UndecodedFrame f) {
        DataFrame frame = f.frame();
        try {
            if (refused) {
                return;
            }
            ByteBuf payload = frame.payload();
            Object view = viewType() == ByteBuf.class ? payload.asReadOnly() : payload.nioBuffer().asReadOnlyBuffer();
            peer.stats().received(f.type(), frame.size());
            Received r = new Received(connection(), f.type(), view, peer.codecs().get(f.type()), frame.size())
                    .sequenced(frame.seq(), frame.possibleDuplicate());
            callHandlers(r);
            if (session != null) {
                session.delivered(r);
            }
        } finally {
            frame.release();
        }
    }

    /**
     * {@code ByteBuf} or {@code ByteBuffer} when every data handler (at least one) declares that
     * payload type, so a {@code bytes} payload can reach them as a view; else {@code null}.
     */
    private @Nullable Class<?> viewType() {
        Type t = handlersPayloadType();
        if (t != ByteBuf.class && t != ByteBuffer.class) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            for (DataHandler h : i == 0 ? (Iterable<DataHandler>) peer.dataHandlers() : HandlerList.orNone(dataHandlers)) {
                if (h.payloadType() != t) {
                    return null;
                }
            }
        }
        return (Class<?>) t;
    }

    /** The frame decoded and released; {@code null} after closing the connection when it is not valid. */
    private @Nullable Received decode(UndecodedFrame f) {
        DataFrame frame = f.frame();
        if (refused) {
            frame.release();
            return null;
        }
        int size = frame.size();
        peer.stats().received(f.type(), size);
        PayloadCodec codec = peer.codecs().get(f.type());
        try {
            byte[] owned = frame.ownedArray();
            Type bindTo = handlersPayloadType();
            if (bindTo != null) {
                // checked and bound in one pass; a payload that does not fit reaches the handlers as such
                byte[] payload = owned != null ? owned : ByteBufUtil.getBytes(frame.payload());
                return Received.bind(connection(), f.type(), payload, bindTo, codec, size)
                        .sequenced(frame.seq(), frame.possibleDuplicate());
            }
            Object value = owned != null ? codec.decodeOwned(owned) : codec.decode(frame.payload());
            return new Received(connection(), f.type(), value, codec, size).sequenced(frame.seq(), frame.possibleDuplicate());
        } catch (ProtocolException e) {
            refused = true;
            channel.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
            return null;
        } finally {
            frame.release();
        }
    }

    /**
     * The type the data handlers read payloads as, when there is at least one and every one says
     * so in advance ({@link DataHandler#payloadType()}); the first one's when they differ (a handler
     * asking for another type parses the kept bytes again). {@code null} otherwise. Asked per
     * message: handlers may come and go.
     */
    private @Nullable Type handlersPayloadType() {
        Type found = null;
        for (int i = 0; i < 2; i++) {
            for (DataHandler h : i == 0 ? (Iterable<DataHandler>) peer.dataHandlers() : HandlerList.orNone(dataHandlers)) {
                Type t = h.payloadType();
                if (t == null) {
                    return null;
                }
                if (found == null) {
                    found = t;
                }
            }
        }
        return found;
    }

    private boolean hasDataHandlers() {
        return !HandlerList.orNone(dataHandlers).isEmpty() || !peer.dataHandlers().isEmpty();
    }

    /** Adds a data handler; messages already waiting for {@code receive} go to it first, in order. */
    void addDataHandler(DataHandler handler) {
        HandlerList.<ConnectionReceiver, DataHandler>in(this, DATA_HANDLERS).add(handler);
        channel.execute(() -> inbox.drainTo(r -> call(handler, r)));
    }

    boolean removeDataHandler(DataHandler handler) {
        return HandlerList.orNone(dataHandlers).remove(handler);
    }

    private void call(DataHandler h, Received r) {
        try {
            h.onData(r.connection(), r);
        } catch (Throwable e) {
            if (PipeInbound.isFatal(e)) {
                throw (Error) e; // the receive path stops the batch and closes the connection
            }
            if (e instanceof StackOverflowError) {
                // its trace is a thousand copies of one frame: the first few say where
                StackTraceElement[] trace = e.getStackTrace();
                log.warn("data handler failed on the connection to {}: {} at {}", r.connection().peerName(), e,
                        List.of(trace).subList(0, Math.min(8, trace.length)));
            } else {
                log.warn("data handler failed on the connection to {}", r.connection().peerName(), e);
            }
        }
    }

    @Override
    public void discard(Arrival arrival) {
        if (arrival instanceof UndecodedFrame f) {
            f.frame().release();
        }
    }

    @Override
    public String failedFatally(int notDelivered) {
        return "a data handler failed fatally on the connection to " + peerName() + "; " + notDelivered
                + " received message(s) after it were not delivered";
    }

    private String peerName() {
        Connection c = connection;
        return c != null ? c.peerName() : PeerAddress.format(channel.remoteAddress());
    }

    private Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("DATA before the handshake made a connection"); // the decoder's gate refuses it
        }
        return c;
    }

    // ---- the end

    /** Adds a close listener; added after the end, it runs at once on the handler executor. */
    void addCloseListener(Connection c, CloseListener listener) {
        closeListeners.add(c, listener);
    }

    @Override
    public boolean endsOnEventLoop() {
        return closeListeners.isEmpty() && !inbox.hasAsyncWaiters();
    }

    /** Runs where the pipe ends it: on the event loop only while {@link #endsOnEventLoop()} held. */
    @Override
    public void ended(CloseReason reason) {
        if (reason.kind() == CloseReason.Kind.PROTOCOL) {
            peer.protocolError(channel.remoteAddress(), reason);
        }
        Connection c = connection;
        if (c == null) {
            closedBeforeConnection.accept(reason);
            return;
        }
        boolean onLoop = channel.eventLoop().inEventLoop();
        // What still waits for receive stays takeable; the receive path gave its bytes back already.
        inbox.close(onLoop ? channel::execute : Runnable::run);
        replies.closed(c.peerName(), reason);
        peer.connectionEnded(c);
        closeListeners.fire(c, reason, onLoop);
    }
}
