package io.p2pboot.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.p2pboot.codec.PayloadCodec;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.DataHeaderWriter;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeapFrameAllocator;
import io.p2pboot.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * The sending side of a connection: encodes a value by its data type into a DATA frame (or a
 * streamed payload) and writes it through the pipe, with the fewest buffers and copies the value
 * allows. Any thread may send.
 */
final class ConnectionSender {

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
    private final PipeChannel channel;
    private final FrameDecoder decoder;
    private final String peerName;
    private final boolean stream;
    /** The stream's message size, shared with the receiving side: whichever side learns it first settles it. */
    /** A stream's message size, 0 until settled by the first message either way; shared with {@link Connection}. */
    private volatile int dataSize;
    private static final AtomicIntegerFieldUpdater<ConnectionSender> DATA_SIZE =
            AtomicIntegerFieldUpdater.newUpdater(ConnectionSender.class, "dataSize");
    private final int maxMessageSize;
    /**
     * Messages sent: a stream cannot carry PINGs, so a side that only sends proves the link alive
     * by sending. Racy by design (a plain field bumped by senders, read by the event loop): a
     * check may see it late, never wrongly still.
     */
    private int sends;
    private int sendsAtLastCheck;
    /** The last DATA header sent: written by sender threads, read by any (a record, safely shared). */
    private volatile @Nullable SentHeader lastHeader;
    /** The connection's session; {@code null} without one. */
    private final @Nullable SessionLink session;

    ConnectionSender(Peer peer, PipeChannel channel, FrameDecoder decoder, String peerName, boolean stream,
                     int dataSize, @Nullable SessionLink session) {
        this.session = session;
        this.peer = peer;
        this.channel = channel;
        this.decoder = decoder;
        this.peerName = peerName;
        this.stream = stream;
        this.dataSize = dataSize;
        this.maxMessageSize = peer.config().maxMessageSize();
    }

    /** Waits (at most {@code limit}) while the socket takes no more; see {@link Connection#send}. */
    void awaitWritable(Duration limit) throws SendTimeoutException {
        try {
            if (!channel.awaitWritable(limit)) {
                throw new SendTimeoutException("connection to " + peerName + " took no data for "
                        + limit.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendTimeoutException("interrupted while waiting to send to " + peerName);
        }
    }

    /** Encodes and writes one message; the future completes when it is written to the socket. */
    CompletableFuture<Void> send(DataType type, @Nullable Object value) {
        if (session != null) {
            return sendInSession(type, value);
        }
        PayloadCodec codec = peer.codecs().get(type);
        byte[] bytes = codec.payloadBytes(value);
        if (bytes != null) {
            return sendBytes(type, bytes);
        }
        ByteBuf frame;
        int size;
        try {
            if (!stream) {
                // encoded behind room for its header: one buffer where the codec allows it; a
                // buffer sent as it is gets its room from the pooled allocator, for a gathering write
                ByteBufAllocator alloc = value instanceof ByteBuf || value instanceof ByteBuffer ? channel.alloc() : SMALL_FRAMES;
                frame = Frames.dataInPlace(type, codec.encode(alloc, value, Header.SIZE));
                size = frame.readableBytes() - Header.SIZE;
                refuseTooLarge(frame, size);
            } else {
                ByteBuf payload = codec.encode(SMALL_FRAMES, value);
                size = payload.readableBytes();
                refuseTooLarge(payload, size);
                frame = streamed(type, payload);
            }
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return sent(channel.write(frame), type, size);
    }

    /**
     * A message of a session: encoded behind room for its header as any message is, then numbered
     * and kept by the session until acknowledged (the frame itself: no copy; a small array as a
     * copy of its own). Never a stream.
     */
    private CompletableFuture<Void> sendInSession(DataType type, @Nullable Object value) {
        PayloadCodec codec = peer.codecs().get(type);
        byte[] bytes = codec.payloadBytes(value);
        ByteBuf frame;
        int size;
        if (bytes != null) {
            size = bytes.length;
            if (size > maxMessageSize) {
                throw new MessageTooLargeException(size, maxMessageSize);
            }
            if (size <= Session.COPIED_MAX) {
                // kept as a copy of the array alone, and written with its header straight into the burst's buffer
                sends++;
                peer.stats().sent(type, size);
                return session.session().send(bytes.clone(), type); // a clone is not zeroed first
            } else {
                frame = Frames.data(channel.alloc(), type, bytes); // pooled chunks; the session writes its own header over this one
            }
        } else {
            ByteBufAllocator alloc = value instanceof ByteBuf || value instanceof ByteBuffer ? channel.alloc() : SMALL_FRAMES;
            try {
                frame = codec.encode(alloc, value, Header.SIZE);
            } catch (ProtocolException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            size = frame.readableBytes() - Header.SIZE;
            refuseTooLarge(frame, size);
        }
        sends++;
        peer.stats().sent(type, size);
        return session.session().send(frame, type, size);
    }

    /** A payload that is the value's own bytes: copied once, into the outgoing buffer. */
    private CompletableFuture<Void> sendBytes(DataType type, byte[] bytes) {
        int size = bytes.length;
        if (size > maxMessageSize) {
            throw new MessageTooLargeException(size, maxMessageSize);
        }
        if (size <= SMALL_FRAME) {
            byte[] header = !stream ? dataHeader(size, type) : dataSize == size ? NO_HEADER : null;
            if (header != null) {
                // copied by this thread into the outgoing buffer the burst shares: no frame of its own
                return sent(channel.writeCopies(header, bytes), type, size);
            }
        }
        ByteBuf frame;
        if (!stream) {
            frame = Frames.data(size <= SMALL_FRAME ? SMALL_FRAMES : channel.alloc(), type, bytes);
        } else {
            ByteBuf payload = size <= SMALL_FRAME ? Unpooled.wrappedBuffer(bytes.clone()) // a clone is not zeroed first
                    : channel.alloc().buffer(size).writeBytes(bytes);
            try {
                frame = streamed(type, payload);
            } catch (ProtocolException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return sent(channel.write(frame), type, size);
    }

    /** Releases an encoded message the other side would refuse, and says why. */
    private void refuseTooLarge(ByteBuf encoded, int size) {
        if (size > maxMessageSize) {
            encoded.release();
            throw new MessageTooLargeException(size, maxMessageSize);
        }
    }

    private CompletableFuture<Void> sent(CompletableFuture<Void> written, DataType type, int size) {
        sends++;
        peer.stats().sent(type, size);
        return written;
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

    /** A stream's message size; 0 before the first message. */
    int dataSize() {
        return dataSize;
    }

    /** Settles a stream's size, unless it was settled before: answers whether this call did. */
    boolean settleSize(int size) {
        return dataSize == 0 && DATA_SIZE.compareAndSet(this, 0, size);
    }

    /** A header sent, kept for the next message; immutable, so any sender thread may share it. */
    private record SentHeader(int size, DataType type, byte[] wire) {
    }

    /**
     * A payload on a stream: the first message of a stream whose size is not settled goes with a
     * DATA header and settles it; later ones go bare and must have that size.
     */
    private ByteBuf streamed(DataType type, ByteBuf payload) throws ProtocolException {
        int size = payload.readableBytes();
        if (settleSize(size)) {
            // This side sends first: the size is settled; the other side learns it from the header.
            channel.eventLoop().execute(() -> {
                try {
                    decoder.fixStreamSize(size);
                } catch (ProtocolException e) {
                    channel.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, e.getMessage(), e));
                }
            });
            return Frames.data(channel.alloc(), type, payload);
        }
        return Frames.streamed(payload, dataSize);
    }

    /**
     * On the event loop, after a silent spell: whether this side sent since the last check (on a
     * one-way stream, the sending side hears nothing while all is well).
     */
    boolean sentSinceLastCheck() {
        int now = sends;
        boolean sending = now != sendsAtLastCheck;
        sendsAtLastCheck = now;
        return sending;
    }
}
