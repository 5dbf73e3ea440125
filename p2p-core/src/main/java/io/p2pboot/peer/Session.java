package io.p2pboot.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.CopiedWrite;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.DataHeaderWriter;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.SequencedHeader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An acknowledged session with one other peer, which outlives the connections it runs on.
 *
 * <p>Sending: every message gets the next sequence number and is kept (its encoded frame, retained:
 * no copy; a small array as a copy of the payload alone) until the other side acknowledges it; its
 * future completes then. A connection that takes the session over is sent, before anything new,
 * what the other side had not received.
 *
 * <p>Receiving: a message is delivered only if its number follows the last one received, and
 * dropped if it came before (a resend of what arrived already); once its handlers ran it counts as
 * delivered, and a cumulative ACK says so, batched: the first message handled after an ACK schedules
 * the next one on the connection's event loop, {@link #ACK_DELAY_MICROS} later (at once when
 * {@link #ACK_EVERY} messages or {@link #ACK_BYTES} bytes are owed already), and it acknowledges
 * everything handled by then. An ACK per message cost a write, a read and two event-loop wake-ups per
 * message; this way a stream of messages costs one ACK per millisecond, and a lone message's
 * future completes a millisecond later than its handler ran.
 *
 * <p>Without a connection for {@link SessionConfig#resumeWithin()} the session ends: the futures of
 * what it had not delivered fail with a {@link SessionExpiredException} saying how many, and the
 * peer's session listeners are told.
 */
final class Session {

    static final int ACK_EVERY = 1024;
    static final long ACK_BYTES = 1 << 20;
    static final long ACK_DELAY_MICROS = 1000;
    /** The largest payload kept as an array ({@link #send(byte[], DataType)}): it goes out with its header in one copied write. */
    static final int COPIED_MAX = PipeChannel.COPY_LIMIT - Header.SIZE;

    /** What {@link #arrived} answers. */
    static final int DELIVER = 0;
    static final int DUPLICATE = 1;
    static final int GAP = 2;

    /**
     * A message sent and not yet acknowledged; itself the future its sender got (one object less
     * per message). It is kept either as its encoded frame ({@link #frame}, header included) or, for
     * a small array, as the payload alone ({@link #payload}): its header is written with its number
     * straight into the outgoing buffer ({@link #copyTo}), and no buffer is held for it.
     */
    private static final class Outgoing extends CompletableFuture<Void> implements CopiedWrite {
        long seq;
        @Nullable ByteBuf frame;
        final byte @Nullable [] payload;
        final int size;
        final DataType type;
        boolean written;
        /** The header of this size and type, written under the session's lock; a payload's only. */
        @Nullable SequencedHeader header;
        /** A payload's header says it may have been handled before (its number changed after it was written). */
        boolean possibleDuplicate;
        /** The bytes numbered in this session up to and including this message: what an ACK frees is a difference of two. */
        long end;

        Outgoing(@Nullable ByteBuf frame, byte @Nullable [] payload, int size, DataType type) {
            this.frame = frame;
            this.payload = payload;
            this.size = size;
            this.type = type;
        }

        @Override
        public int length() {
            return Header.SIZE + size;
        }

        @Override
        public void copyTo(ByteBuf out) {
            if (header != null && !possibleDuplicate) {
                header.write(out, seq);
            } else {
                DataHeaderWriter.write(out, size, type, seq, possibleDuplicate);
            }
            out.writeBytes(payload);
        }

        /** Writes the message on {@code c}. */
        void writeOn(Connection c) {
            written = true;
            if (frame != null) {
                c.channel().writeKept(frame);
            } else {
                c.channel().writeCopy(this);
            }
        }

        void release() {
            if (frame != null) {
                frame.release();
            }
        }
    }

    private final Sessions owner;
    private final String peerName;
    private final long maxUnacked;
    private final Duration resumeWithin;

    // ---- guarded by this
    /** This side's name for its side of the session: chosen when the session is made, never changed. */
    private final String id;
    /** The other side's id, as its last handshake gave it; {@code null} until one did. */
    private @Nullable String peerId;
    /**
     * The messages not yet acknowledged, oldest first, their numbers consecutive: an ACK (a
     * millisecond of messages, a thousand at 64 B) takes them off at once, and their futures
     * complete outside the lock.
     */
    private final UnackedRing<Outgoing> unacked = new UnackedRing<>();
    /** Bytes numbered so far ({@link Outgoing#end}). */
    private long numberedBytes;
    private long lastSeq;
    /** What the unacknowledged messages hold: payloads and their {@link Header#SIZE}-byte headers. */
    private volatile long unackedBytes; // written under the lock; read without it by awaitRoom's fast path
    private @Nullable Connection latest;
    private @Nullable ScheduledFuture<?> expiry;
    private boolean everAttached;
    private boolean ended;
    private int waiting;
    /** The DATA header of the size and type sent last. */
    private @Nullable SequencedHeader header;

    /** The life of the session: a new one when the other peer lost its state. */
    private volatile long epoch;
    /**
     * The number of the latest handshake's link: only its connection's messages are received.
     * One that arrives on an older connection after a newer handshake is dropped, not counted:
     * the newer handshake told the sender what had been received, and the sender resends the rest
     * there. Received on both, the two connections' messages would be handled in two queues, in
     * no order between them.
     */
    private volatile long linkNo;
    /** The connection new messages and ACKs are written on; {@code null} while away. */
    private volatile @Nullable Connection current;

    // ---- receiving
    private final ReceivedSeq received = new ReceivedSeq();
    private final DeliveredCount delivered = new DeliveredCount();
    private volatile long ackSent;
    private final AtomicBoolean ackScheduled = new AtomicBoolean();
    private final Runnable ackTask = this::flushAck;

    Session(Sessions owner, String peerName, String id, SessionConfig config) {
        this.owner = owner;
        this.peerName = peerName;
        this.id = id;
        this.maxUnacked = config.maxUnacked();
        this.resumeWithin = config.resumeWithin();
    }

    String peerName() {
        return peerName;
    }

    String id() {
        return id;
    }

    /** The highest sequence number received of the other peer's messages. */
    long received() {
        return received.get();
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** Messages kept and not yet acknowledged. */
    synchronized int unackedCount() {
        return unacked.size();
    }

    // ---- the handshakes

    /**
     * The other peer's handshake named its side of the session {@code otherId}, having received
     * this side's messages up to {@code peerReceived}. The first id heard, or the one heard before:
     * both go on where they stopped. Another one: the other peer lost its state (its process
     * restarted, or its session expired), and this side starts a new life of the session
     * ({@link #restart}).
     *
     * <p>Each side names only its own side, and an id changes only when that side loses its state:
     * two handshakes at once (both peers dialling, each with the other's id unknown or known) agree
     * whatever order they run in. With one id for both, replaced by a listener that did not know
     * it, two crossed handshakes at first contact could leave each side with the id the other had
     * just dropped, and the next handshake would start a new life with both alive: messages handled
     * but not yet acknowledged would be handled again.
     */
    synchronized SessionLink heard(String otherId, long peerReceived) {
        if (peerId == null || peerId.equals(otherId)) {
            peerId = otherId;
            return link(peerReceived, true);
        }
        peerId = otherId;
        restart();
        return link(0, false);
    }

    /**
     * A new life: what was not acknowledged is numbered again from 1 and resent, each message that
     * was written before marked as a possible duplicate; what this side received is forgotten.
     */
    private void restart() {
        epoch++;
        received.set(0);
        delivered.seq = 0;
        ackSent = 0;
        delivered.bytesSinceAck = 0;
        long seq = 0;
        for (int i = 0; i < unacked.size(); i++) {
            Outgoing o = unacked.get(i);
            seq++;
            if (o.seq != seq || o.written) {
                if (o.frame != null) {
                    o.frame = renumbered(o.frame, o, seq);
                } else {
                    o.possibleDuplicate = o.written;
                }
                o.seq = seq;
            }
        }
        lastSeq = seq;
    }

    /** A frame with a new header (number {@code seq}, a possible duplicate when written before) and the same payload. */
    private static ByteBuf renumbered(ByteBuf old, Outgoing o, long seq) {
        ByteBuf header = Unpooled.buffer(Header.SIZE);
        DataHeaderWriter.write(header, o.size, o.type, seq, o.written);
        ByteBuf payload = old.retainedSlice(old.readerIndex() + Header.SIZE, o.size);
        old.release();
        CompositeByteBuf frame = Unpooled.compositeBuffer(2);
        frame.addComponents(true, header, payload);
        return frame;
    }

    private SessionLink link(long peerReceived, boolean resume) {
        Connection previous = latest;
        if (previous != null && previous.isOpen()) {
            previous.closeFor(new CloseReason(CloseReason.Kind.REPLACED, "the session with " + peerName
                    + " moved to a new connection", null));
        }
        linkNo++;
        return new SessionLink(this, epoch, linkNo, id, received.get(), peerReceived, resume ? previous : null);
    }

    /**
     * The connection a handshake made for this session: the next handshake closes it if it is
     * still open. One whose handshake another followed meanwhile is not the latest (it is closed
     * as it registers).
     */
    synchronized void linked(SessionLink link, Connection c) {
        if (link.linkNo() == linkNo) {
            latest = c;
        }
    }

    /**
     * The connection was registered: from now on the session writes on it, beginning with what the
     * other side had not received when they shook hands, and the acknowledgment of what this side
     * handled (the last ACK may have been lost with the old connection).
     */
    void attach(SessionLink link, Connection c) {
        synchronized (this) {
            if (ended || link.epoch() != epoch) {
                c.closeFor(new CloseReason(CloseReason.Kind.REPLACED, "the session with " + peerName
                        + (ended ? " ended" : " started anew") + " while this connection was made", null));
                return;
            }
            // Two handshakes at once (both peers dialled, or the mesh and the application did) register
            // in either order, each on its own event loop: only the later handshake's connection takes
            // the session, or an older one registered last would hold it while closing.
            if (c != latest) {
                c.closeFor(new CloseReason(CloseReason.Kind.REPLACED, "the session with " + peerName
                        + " moved to a newer connection while this one was made", null));
                return;
            }
            if (!c.isOpen()) {
                awaitResume(c.channel().eventLoop()); // it ended before it was registered: nothing detaches it
                return;
            }
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            current = c;
            everAttached = true;
            for (int i = 0; i < unacked.size(); i++) {
                Outgoing o = unacked.get(i);
                if (o.seq > link.peerReceived()) {
                    o.writeOn(c);
                }
            }
        }
        ackSent = -1; // whatever was delivered is acknowledged again on this connection
        scheduleAck();
    }

    /** The connection ended: when it was the session's, the session waits for another until it expires. */
    synchronized void detached(Connection c) {
        if (current == c) {
            current = null;
            awaitResume(c.channel().eventLoop());
        }
    }

    /** Starts the clock: no connection within {@link SessionConfig#resumeWithin()}, and the session ends. */
    synchronized void awaitResume(EventExecutor timer) {
        if (ended || current != null || expiry != null) {
            return;
        }
        expiry = timer.schedule(() -> expire("no connection within " + resumeWithin.toMillis() + " ms"),
                resumeWithin.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the session: what it had not delivered fails, and the peer's session listeners are told. */
    void expire(String why) {
        Object[] lost;
        boolean tell;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            lost = unacked.removeOldest(unacked.size());
            unackedBytes = 0;
            tell = everAttached || lost.length > 0;
            notifyAll();
        }
        owner.removed(this);
        SessionExpiredException e = new SessionExpiredException(peerName, lost.length, why);
        for (Object each : lost) {
            Outgoing o = (Outgoing) each;
            o.release();
            o.completeExceptionally(e);
        }
        if (tell) {
            owner.expired(e);
        }
    }

    // ---- sending

    /** Waits (at most {@code limit}) while the session holds {@code maxUnacked} bytes or more. */
    void awaitRoom(Duration limit) throws SendTimeoutException {
        // Without the lock while there is room (nearly always): the sender takes it again to keep the
        // message, and the event loop takes it for every ACK; taking it here too made them spin on it.
        if (unackedBytes < maxUnacked) {
            return;
        }
        synchronized (this) {
            if (unackedBytes < maxUnacked || ended) {
                return;
            }
            long deadline = System.nanoTime() + limit.toNanos();
            waiting++;
            try {
                while (unackedBytes >= maxUnacked && !ended) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SendTimeoutException("session with " + peerName + " holds " + unackedBytes
                                + " bytes not acknowledged (max-unacked " + maxUnacked + ") after " + limit.toMillis()
                                + " ms");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendTimeoutException("interrupted while waiting for room in the session with " + peerName);
            } finally {
                waiting--;
            }
        }
    }

    /**
     * Numbers, keeps and writes a frame whose first {@link Header#SIZE} bytes are room for its
     * header; the future completes when the other side acknowledges it.
     */
    CompletableFuture<Void> send(ByteBuf frame, DataType type, int size) {
        return keep(new Outgoing(frame, null, size, type));
    }

    /**
     * Numbers, keeps and writes a small payload ({@link #COPIED_MAX} bytes at most), which the
     * session owns from now on; the future completes when the other side acknowledges it.
     */
    CompletableFuture<Void> send(byte[] payload, DataType type) {
        return keep(new Outgoing(null, payload, payload.length, type));
    }

    private CompletableFuture<Void> keep(Outgoing o) {
        synchronized (this) {
            if (ended || unackedBytes >= maxUnacked) {
                o.release();
                return CompletableFuture.failedFuture(ended ? new SessionExpiredException(peerName, 0, "it ended")
                        : new SessionFullException("session with " + peerName + " holds " + unackedBytes
                        + " bytes not acknowledged (max-unacked " + maxUnacked + ")"));
            }
            long seq = ++lastSeq;
            o.seq = seq;
            SequencedHeader h = header;
            if (h == null || !h.isFor(o.size, o.type)) {
                header = h = new SequencedHeader(o.size, o.type);
            }
            ByteBuf frame = o.frame;
            if (frame != null) {
                int end = frame.writerIndex();
                frame.writerIndex(frame.readerIndex());
                h.write(frame, seq);
                frame.writerIndex(end);
            } else {
                o.header = h;
            }
            numberedBytes += o.length();
            o.end = numberedBytes;
            unacked.add(o);
            unackedBytes += o.length();
            Connection c = current;
            if (c != null) {
                o.writeOn(c);
            }
            return o;
        }
    }

    /**
     * On the event loop: the other side handled every message up to {@code seq} in the session's
     * life {@code linkEpoch} (an ACK from a connection of an earlier life numbers other messages).
     * They leave the session under one lock (the sender takes it for every message: taking it per
     * acknowledged message made the two threads trade it back and forth), then their futures
     * complete.
     */
    void acked(long linkEpoch, long seq) {
        Object[] done;
        synchronized (this) {
            Outgoing first = unacked.oldest();
            if (linkEpoch != epoch || first == null || first.seq > seq) {
                return;
            }
            int count = (int) Math.min(seq - first.seq + 1, unacked.size());
            Outgoing last = unacked.get(count - 1);
            unackedBytes -= last.end - first.end + first.length();
            done = unacked.removeOldest(count);
            if (waiting > 0) {
                notifyAll();
            }
        }
        for (Object each : done) {
            Outgoing o = (Outgoing) each;
            o.release();
            o.complete(null);
        }
    }

    // ---- receiving

    /** On the event loop: {@link #DELIVER} the message numbered {@code seq}, drop it as a {@link #DUPLICATE}, or a {@link #GAP}. */
    int arrived(long linkEpoch, long fromLink, long seq) {
        if (linkEpoch != epoch || fromLink != linkNo) {
            return DUPLICATE; // on a connection the session left: of its former life, or sent again on the newer one
        }
        while (true) {
            long r = received.get();
            if (seq <= r) {
                return DUPLICATE;
            }
            if (seq != r + 1) {
                return GAP;
            }
            if (received.compareAndSet(r, seq)) {
                return DELIVER;
            }
        }
    }

    /** A message was handled (one at a time, in order): it is acknowledged with the next ACK. */
    void delivered(long linkEpoch, long seq, int size) {
        DeliveredCount d = delivered;
        if (linkEpoch != epoch || seq <= d.seq) {
            return;
        }
        d.seq = seq;
        d.bytesSinceAck += size;
        scheduleAck();
    }

    private void scheduleAck() {
        if (!ackScheduled.get() && ackScheduled.compareAndSet(false, true)) {
            Connection c = current;
            if (c == null) {
                ackScheduled.set(false); // sent when a connection takes the session over
                return;
            }
            if (delivered.seq - Math.max(ackSent, 0) >= ACK_EVERY || delivered.bytesSinceAck >= ACK_BYTES) {
                c.channel().eventLoop().execute(ackTask);
            } else {
                c.channel().eventLoop().schedule(ackTask, ACK_DELAY_MICROS, TimeUnit.MICROSECONDS);
            }
        }
    }

    /** On the event loop: writes one ACK for everything handled so far. */
    private void flushAck() {
        Connection c = current;
        long d = delivered.seq;
        if (c == null || d <= ackSent || d == 0) {
            ackScheduled.set(false);
            if (delivered.seq > Math.max(ackSent, 0) && current != null) {
                scheduleAck();
            }
            return;
        }
        ackSent = d;
        delivered.bytesSinceAck = 0;
        ackScheduled.set(false);
        ByteBuf ack = c.channel().alloc().buffer(Header.SIZE);
        DataHeaderWriter.writeAck(ack, d);
        c.channel().write(ack);
        if (delivered.seq > ackSent) {
            scheduleAck();
        }
    }

    @Override
    public String toString() {
        return "Session[" + peerName + "]";
    }
}
