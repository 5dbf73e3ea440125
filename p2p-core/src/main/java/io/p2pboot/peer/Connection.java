package io.p2pboot.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.p2pboot.codec.BytesPayloadCodec;
import io.p2pboot.codec.JsonPayloadCodec;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.peer.PeerHandlers.CloseListener;
import io.p2pboot.peer.PeerHandlers.DataHandler;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EventLoopEndHandler;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.ReadBudget;
import io.p2pboot.protocol.DataFrame;
import io.p2pboot.protocol.DataHeaderWriter;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeapFrameAllocator;
import io.p2pboot.protocol.InboundMemory;
import io.p2pboot.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link between two peers with one data type, strict or not, streaming or not (Peerpy's
 * {@code Connection}). It exists on both sides once the listener has accepted the offer.
 *
 * <p>Data handlers of one connection run in order, one at a time, never on an I/O thread; a
 * connection without data handlers keeps its messages for {@link #receive(Duration)}, and reads
 * less while they wait, so nothing is dropped and memory stays bounded. {@code close} fires
 * once, after the last message was handled.
 */
public final class Connection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /**
     * Frames built on the sender's thread go on the heap, but for large byte arrays (copied
     * straight into pooled direct chunks): the heap is cheaper to allocate from than pooled
     * direct memory off the event loop, and the pipe merges a burst of small frames into one
     * pooled buffer anyway.
     */
    private static final ByteBufAllocator SMALL_FRAMES = HeapFrameAllocator.INSTANCE;
    private static final int SMALL_FRAME = 1024;
    private static final byte[] NO_HEADER = new byte[0];

    private final Peer peer;
    private final Pipe pipe;
    private final String peerName;
    private final DataType dataType;
    private final boolean strict;
    private final boolean stream;
    private final AtomicInteger dataSize;
    private final FrameDecoder decoder;
    private final ReadBudget budget;
    /** What all connections of the peer hold together: each message's bytes, reserved by the decoder, go back here. */
    private final InboundMemory memory;
    private final int maxMessageSize;
    private final Inbox inbox;
    private final List<DataHandler> dataHandlers = new CopyOnWriteArrayList<>();
    private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
    private final Object writable = new Object();
    /**
     * How long a blocked sender spins before it waits: the event loop usually frees room within
     * microseconds (the socket took the last write), and being woken costs more than that.
     */
    private static final long WRITABLE_SPIN_NANOS = 30_000;
    /** Messages of the current read burst, not yet handed to the handler executor; event loop only. */
    /**
     * Messages of the current read burst, not yet handed on: a {@link Received} when its codec
     * decodes on the event loop, else the {@link DataFrame}. Event loop only.
     */
    private final java.util.ArrayList<Object> arrivals = new java.util.ArrayList<>();
    /** Set on the event loop when a message failed its check: nothing after it is delivered. */
    private boolean rejected;
    /**
     * Messages sent, and the count at the last silence check: a stream cannot carry PINGs, so a
     * side that only sends proves the link alive by sending. Racy by design (a plain field
     * bumped by senders, read by the event loop): a check may see it late, never wrongly still.
     */
    private int sends;
    /** The last DATA header sent: written by sender threads, read by any (a record, safely shared). */
    private volatile SentHeader lastHeader;
    private int sendsAtLastCheck;
    /** Batches handed to the handler executor and not yet delivered (a field, not an object: idle connections stay small). */
    private volatile int dispatched;
    private static final AtomicIntegerFieldUpdater<Connection> DISPATCHED =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "dispatched");

    Connection(Peer peer, Pipe pipe, FrameDecoder decoder, String peerName, DataType dataType, boolean strict,
               boolean stream, int dataSize) {
        this.peer = peer;
        this.pipe = pipe;
        this.decoder = decoder;
        this.peerName = peerName;
        this.dataType = dataType;
        this.strict = strict;
        this.stream = stream;
        this.dataSize = new AtomicInteger(dataSize);
        this.budget = new ReadBudget(pipe.channel(), peer.config().inboundBuffer());
        this.memory = peer.inboundMemory();
        this.maxMessageSize = peer.config().maxMessageSize();
        this.inbox = new Inbox(r -> released(r.size()));
        pipe.addEndHandler(new EventLoopEndHandler() {
            @Override
            public boolean safeOnEventLoop() {
                return closeListeners.isEmpty() && peer.closeListeners().isEmpty() && !inbox.hasAsyncWaiters();
            }

            @Override
            public void onEnd(Pipe p, CloseReason reason) {
                ended(reason);
            }
        });
    }

    /** The other peer's name, {@code ip:port}: what this connection is known by. */
    public String peerName() {
        return peerName;
    }

    public Peer peer() {
        return peer;
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
        return dataSize.get();
    }

    public InetSocketAddress remoteAddress() {
        return pipe.remoteAddress();
    }

    /** The pipe the connection runs on. */
    public Pipe pipe() {
        return pipe;
    }

    public boolean isOpen() {
        return pipe.isOpen();
    }

    /** Why the connection closed, or {@code null} while it is open. */
    public CloseReason closeReason() {
        return pipe.closeReason();
    }

    // ---- sending

    /**
     * Sends a value encoded by the connection's data type, waiting (at most the peer's timeout)
     * while the other side is slower than this one; returns once the message is queued.
     *
     * @throws IllegalArgumentException the value does not fit the data type, or a streaming
     *     connection's size
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size: the other side would close the connection on its header, so nothing is queued
     *     and the connection stays open
     * @throws SendTimeoutException the other side did not take data in time
     */
    public CompletableFuture<Void> send(Object value) throws SendTimeoutException {
        awaitWritable();
        return sendAsync(value);
    }

    /**
     * Sends without waiting; the future completes when the message is written to the socket.
     * Check {@link #isWritable()} to avoid queueing without bound in memory.
     *
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size; nothing is queued and the connection stays open
     */
    public CompletableFuture<Void> sendAsync(Object value) {
        return sendAs(dataType, value);
    }

    /**
     * Sends with another data type: only on a non-strict connection.
     *
     * @throws MessageTooLargeException the value encodes to more than the peer's maximum message
     *     size ({@link PeerConfig#maxMessageSize()}, which the other side is expected to share);
     *     nothing is queued and the connection stays open
     */
    public CompletableFuture<Void> sendAs(DataType type, Object value) {
        if (type != dataType && strict) {
            throw new IllegalArgumentException("a strict " + dataType + " connection cannot send " + type);
        }
        if (!pipe.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection to " + peerName + " is closed"));
        }
        PayloadCodec codec = peer.codecs().get(type);
        if (value instanceof byte[] raw && raw.length > maxMessageSize && codec instanceof BytesPayloadCodec) {
            throw new MessageTooLargeException(raw.length, maxMessageSize);
        }
        if (value instanceof byte[] bytes && bytes.length <= SMALL_FRAME && codec instanceof BytesPayloadCodec) {
            byte[] header = !stream ? dataHeader(bytes.length, type) : dataSize.get() == bytes.length ? NO_HEADER : null;
            if (header != null) {
                // copied by this thread into the outgoing buffer the burst shares: no frame of its own
                return sent(pipe.sendCopies(header, bytes), type, bytes.length);
            }
        }
        ByteBuf frame;
        int size;
        try {
            if (!stream && value instanceof byte[] bytes && codec instanceof BytesPayloadCodec) {
                // bytes as they are: header and payload written once into the outgoing buffer
                frame = Frames.data(bytes.length <= SMALL_FRAME ? SMALL_FRAMES : pipe.channel().alloc(), type, bytes);
                size = bytes.length;
            } else if (!stream && codec instanceof JsonPayloadCodec json) {
                // encoded behind room for its header: one buffer, no copy
                frame = Frames.dataInPlace(type, json.encode(SMALL_FRAMES, value, Header.SIZE));
                size = frame.readableBytes() - Header.SIZE;
                refuseTooLarge(frame, size);
            } else {
                ByteBuf payload;
                if (value instanceof byte[] bytes && bytes.length <= SMALL_FRAME && codec instanceof BytesPayloadCodec) {
                    payload = Unpooled.wrappedBuffer(bytes.clone()); // a clone is not zeroed first
                } else {
                    boolean large = value instanceof byte[] bytes && bytes.length > SMALL_FRAME;
                    payload = codec.encode(large ? pipe.channel().alloc() : SMALL_FRAMES, value);
                }
                size = payload.readableBytes();
                refuseTooLarge(payload, size);
                frame = frame(type, payload);
            }
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return sent(pipe.send(frame), type, size);
    }

    /** Releases an encoded message the other side would refuse, and says why. */
    private void refuseTooLarge(ByteBuf encoded, int size) {
        if (size > maxMessageSize) {
            encoded.release();
            throw new MessageTooLargeException(size, maxMessageSize);
        }
    }

    private CompletableFuture<Void> sent(CompletableFuture<Void> sent, DataType type, int size) {
        sends++;
        peer.stats().sent(type, size);
        return sent;
    }

    /** The DATA header for a payload, built once for as long as the size and type repeat. */
    private byte[] dataHeader(int size, DataType type) {
        SentHeader last = lastHeader;
        if (last == null || last.size() != size || last.type() != type) {
            last = new SentHeader(size, type, DataHeaderWriter.bytes(size, type));
            lastHeader = last;
        }
        return last.wire();
    }

    /** A header sent, kept for the next message; immutable, so any sender thread may share it. */
    private record SentHeader(int size, DataType type, byte[] wire) {
    }

    private ByteBuf frame(DataType type, ByteBuf payload) {
        if (!stream) {
            return Frames.data(payload.readableBytes() <= SMALL_FRAME ? SMALL_FRAMES : pipe.channel().alloc(), type, payload);
        }
        int size = payload.readableBytes();
        if (dataSize.get() == 0 && dataSize.compareAndSet(0, size)) {
            // This side sends first: the size is settled; the other side learns it from the header.
            pipe.channel().eventLoop().execute(() -> {
                try {
                    decoder.fixStreamSize(size);
                } catch (ProtocolException e) {
                    pipe.closeAsync(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
                }
            });
            return Frames.data(pipe.channel().alloc(), type, payload);
        }
        try {
            return Frames.streamed(payload, dataSize.get());
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Called on the event loop when nothing was received for the dead-after time: whether the
     * connection still shows life (or this side is not reading while its next message waits for
     * the peer's memory). Only a stream can show it: it carries no PINGs, so on a one-way
     * stream the sending side hears nothing while all is well, and its own sends since the last
     * check are the sign (a dead peer stops taking them, and then they stop).
     */
    boolean aliveThoughSilent() {
        int now = sends;
        boolean sending = now != sendsAtLastCheck;
        sendsAtLastCheck = now;
        // Waiting for memory, this side stopped reading: the silence is its own.
        return stream && sending || decoder.isWaitingForMemory();
    }

    /** Received payload bytes waiting for handlers or {@code receive}: at most about the inbound buffer. */
    public long pendingBytes() {
        return budget.pending();
    }

    /** Handlers (or {@code receive}) are done with bytes: the connection's budget and the peer's memory get them back. */
    private void released(long bytes) {
        if (budget.released(bytes)) {
            memory.release(bytes); // once ended, ended() gave back all that was pending
        }
    }

    /** A message dropped on arrival (the connection is closing for it, or for one before it): its bytes go back. */
    void discarded(DataFrame frame) {
        int size = frame.size();
        frame.release();
        memory.release(size);
    }

    /** Whether the socket takes more now, without queueing in memory. */
    public boolean isWritable() {
        return pipe.isWritable();
    }

    private void awaitWritable() throws SendTimeoutException {
        if (pipe.isWritable() || Spin.until(pipe::isWritable, WRITABLE_SPIN_NANOS)) { // no lambda while writable
            return;
        }
        long deadline = System.nanoTime() + peer.timeout().toNanos();
        synchronized (writable) {
            while (!pipe.isWritable() && pipe.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SendTimeoutException("connection to " + peerName + " took no data for "
                            + peer.timeout().toMillis() + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(writable, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SendTimeoutException("interrupted while waiting to send to " + peerName);
                }
            }
        }
    }

    void writabilityChanged() {
        synchronized (writable) {
            writable.notifyAll();
        }
    }

    // ---- receiving

    /** The next message, waiting at most {@code timeout}; {@code null} if none came or the connection closed. */
    public Received receive(Duration timeout) {
        return inbox.take(timeout);
    }

    public CompletableFuture<Received> receiveAsync(Duration timeout) {
        return inbox.takeAsync(timeout);
    }

    /** Adds a data handler; messages already waiting for {@code receive} go to it first. */
    public Connection onData(DataHandler handler) {
        dataHandlers.add(handler);
        pipe.dispatcher().execute(() -> inbox.drainTo(r -> call(handler, r)));
        return this;
    }

    public boolean removeDataHandler(DataHandler handler) {
        return dataHandlers.remove(handler);
    }

    /** Runs once when the connection ends; added after that, it runs at once. */
    public Connection onClose(CloseListener listener) {
        closeListeners.add(listener);
        if (pipe.hasEnded()) {
            pipe.dispatcher().execute(() -> {
                if (closeListeners.remove(listener)) {
                    callClose(listener, pipe.closeReason());
                }
            });
        }
        return this;
    }

    /**
     * Called on the event loop for each message, in order. A codec that only checks on arrival
     * ({@link PayloadCodec#decodesOnEventLoop()}: {@code bytes}, and {@code json}, whose value
     * is built later) decodes here, so a bad payload closes the connection at once and the
     * handler's thread is left with the handlers. Messages of one read burst are collected and
     * handed on together by {@link #handOff()}: one hand-off per read, not one per message.
     */
    void arrived(DataFrame frame) {
        if (rejected) {
            discarded(frame);
            return;
        }
        int size = frame.size();
        if (stream && dataSize.get() == 0) {
            dataSize.compareAndSet(0, size);
        }
        if (!budget.taken(size)) {
            memory.release(size); // arrived after the end: ended() gave back what was pending then
        }
        DataType type = strict ? dataType : frame.type();
        PayloadCodec codec = peer.codecs().get(type);
        byte[] owned = frame.ownedArray();
        if (owned == null || !codec.decodesOnEventLoop()) {
            arrivals.add(frame);
            return;
        }
        frame.release();
        peer.stats().received(type, size);
        try {
            arrivals.add(new Received(this, type, codec.decodeOwned(owned), codec, size));
        } catch (ProtocolException e) {
            rejected = true;
            released(size);
            pipe.closeAsync(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
        }
    }

    /**
     * Called on the event loop when a read burst ends (and before the channel goes inactive).
     * {@code bytes} messages for {@code receive} (no data handlers anywhere) go straight into the
     * inbox: the value is the frame's own array, so no code but ours runs, and the receiving
     * thread is woken one hand-off sooner. Everything else goes to the handler executor in one
     * task; while such a task is pending, later messages follow it there, to keep their order.
     */
    void handOff() {
        if (arrivals.isEmpty()) {
            return;
        }
        int direct = dispatched == 0 && dataHandlers.isEmpty() && peer.dataHandlers().isEmpty()
                ? deliverToInbox() : 0;
        if (direct == arrivals.size()) {
            arrivals.clear();
            return;
        }
        Object[] batch = arrivals.subList(direct, arrivals.size()).toArray();
        arrivals.clear();
        DISPATCHED.incrementAndGet(this);
        pipe.dispatcher().execute(() -> deliver(batch));
    }

    /**
     * On the handler executor: decodes what is left to decode, delivers, then gives back the
     * budget of what was handled. A handler's failure, {@code Error}s included, is logged and the
     * batch goes on; only a {@link #fatal fatal} error stops it, and then the connection closes
     * with a reason that says how many messages were not delivered.
     */
    private void deliver(Object[] batch) {
        long handled = 0;
        int i = 0;
        int size = 0;
        boolean finished = false;
        try {
            while (i < batch.length) {
                Object arrival = batch[i++];
                size = arrival instanceof Received r ? r.size() : ((DataFrame) arrival).size();
                Received received = arrival instanceof Received r ? r : decode((DataFrame) arrival, size);
                if (received == null) {
                    handled += size;
                    break; // the connection is closing for a protocol violation: nothing after it is delivered
                }
                if (handle(received)) {
                    handled += size;
                }
            }
            finished = true;
        } finally {
            if (!finished) {
                handled += size; // the message being handled when it failed
                String reason = "a data handler failed fatally on the connection to " + peerName + "; "
                        + (batch.length - i) + " received message(s) after it were not delivered";
                log.error(reason);
                pipe.closeAsync(new CloseReason(CloseReason.Kind.LOCAL, reason, null));
            }
            while (i < batch.length) {
                Object arrival = batch[i++];
                if (arrival instanceof Received r) {
                    handled += r.size();
                } else {
                    DataFrame frame = (DataFrame) arrival;
                    handled += frame.size();
                    frame.release();
                }
            }
            released(handled);
            DISPATCHED.decrementAndGet(this);
        }
    }

    /** Adds leading {@code bytes} arrivals to the inbox from the event loop; answers how many. */
    private int deliverToInbox() {
        int n = 0;
        for (Object arrival : arrivals) {
            if (!(arrival instanceof Received r) || r.dataType() != DataType.BYTES || !inbox.addFromEventLoop(r)) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The frame decoded and released; {@code null} after closing the connection when it is not valid. */
    private Received decode(DataFrame frame, int size) {
        DataType type = strict ? dataType : frame.type();
        peer.stats().received(type, size);
        PayloadCodec codec = peer.codecs().get(type);
        try {
            byte[] owned = frame.ownedArray();
            Object value = owned != null ? codec.decodeOwned(owned) : codec.decode(frame.payload());
            return new Received(this, type, value, codec, size);
        } catch (ProtocolException e) {
            pipe.closeAsync(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
            return null;
        } finally {
            frame.release();
        }
    }

    /** Runs the data handlers; without any, queues the message for {@code receive} and answers {@code false}. */
    private boolean handle(Received received) {
        List<DataHandler> peerHandlers = peer.dataHandlers();
        if (dataHandlers.isEmpty() && peerHandlers.isEmpty()) {
            inbox.add(received);
            return false;
        }
        for (DataHandler h : peerHandlers) {
            call(h, received);
        }
        for (DataHandler h : dataHandlers) {
            call(h, received);
        }
        return true;
    }

    private void call(DataHandler h, Received r) {
        try {
            h.onData(this, r);
        } catch (Throwable e) {
            if (fatal(e)) {
                throw (Error) e; // logged, with its trace, where the handler executor runs the batch
            }
            if (e instanceof StackOverflowError) {
                // its trace is a thousand copies of one frame: the first few say where
                log.warn("data handler failed on the connection to {}: {} at {}", peerName, e,
                        List.of(e.getStackTrace()).subList(0, Math.min(8, e.getStackTrace().length)));
            } else {
                log.warn("data handler failed on the connection to {}", peerName, e);
            }
        }
    }

    /**
     * Whether a handler's failure leaves the JVM in doubt (out of memory, an internal error):
     * it is rethrown, and the batch it interrupted is not delivered. Every other failure,
     * {@code StackOverflowError} (the stack has unwound by now) and {@code AssertionError}
     * among them, is logged like an exception, and the next message is delivered.
     */
    private static boolean fatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /** Runs where the pipe ends it; on the event loop only while no close listener or async receive is registered. */
    private void ended(CloseReason reason) {
        boolean onLoop = pipe.channel().eventLoop().inEventLoop();
        // What still waits for receive stays takeable, but no longer counts against the peer's memory.
        memory.release(budget.end());
        inbox.close(onLoop ? pipe.dispatcher()::execute : Runnable::run);
        peer.connectionEnded(this);
        if (onLoop && !(closeListeners.isEmpty() && peer.closeListeners().isEmpty())) {
            // One was registered as the pipe ended: user code never runs on the event loop.
            pipe.dispatcher().execute(() -> fireClose(reason));
        } else {
            fireClose(reason);
        }
    }

    private void fireClose(CloseReason reason) {
        for (CloseListener l : peer.closeListeners()) {
            callClose(l, reason);
        }
        for (CloseListener l : closeListeners) {
            if (closeListeners.remove(l)) {
                callClose(l, reason);
            }
        }
    }

    private void callClose(CloseListener l, CloseReason reason) {
        try {
            l.onClose(this, reason);
        } catch (Exception e) {
            log.warn("close handler failed on the connection to {}", peerName, e);
        }
    }

    // ---- closing

    /** Closes gracefully: what was queued for sending goes out first. */
    public CompletableFuture<CloseReason> closeAsync() {
        return pipe.closeAsync(CloseReason.local(), peer.config().stopTimeout());
    }

    /** Closes gracefully and waits (at most the peer's stop timeout) until {@code close} handlers ran. */
    @Override
    public void close() {
        pipe.beginClose(CloseReason.local(), peer.config().stopTimeout());
        try {
            if (pipe.awaitEnd(peer.config().stopTimeout()) == null) {
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
