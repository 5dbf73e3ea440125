package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A TCP connection: the client side of an open, or one client accepted by a {@link ServerPipe}. */
final class StreamPipe extends Pipe {

    private static final byte[] NOTHING = new byte[0];

    StreamPipe(PipeConfig config, Channel channel, @Nullable ServerPipe parent, boolean subscribeAll,
               boolean carriesProtocol) {
        super(Protocol.TCP, config, channel, parent, subscribeAll, carriesProtocol);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /** Small arrays are copied into the burst's shared buffer, larger ones into one of their own. */
    @Override
    public CompletableFuture<Void> send(byte[] message) {
        if (message.length <= WriteBatcher.MERGE_LIMIT) {
            return writer.writeCopies(NOTHING, message);
        }
        return writer.write(Unpooled.wrappedBuffer(message.clone()));
    }

    /** Small messages are copied straight into the outgoing buffer they share with the others of their burst. */
    @Override
    CompletableFuture<Void> writeCopies(byte[] first, byte[] second) {
        if (first.length + second.length > WriteBatcher.MERGE_LIMIT) {
            return super.writeCopies(first, second);
        }
        return writer.writeCopies(first, second);
    }

    /** A small buffer is copied into the burst's shared buffer; a larger one goes as a duplicate of its own. */
    @Override
    void writeCopy(ByteBuf src) {
        if (src.readableBytes() > WriteBatcher.MERGE_LIMIT) {
            super.writeCopy(src);
        } else {
            writer.writeCopy(src);
        }
    }

    /** Copied straight into the burst's shared buffer. */
    @Override
    void writeCopy(CopiedWrite write) {
        writer.writeCopy(write);
    }

    @Override
    public CompletableFuture<Void> send(ByteBuf buffer) {
        return writer.write(buffer);
    }

    @Override
    public CompletableFuture<Void> send(byte[] message, InetSocketAddress to) {
        InetSocketAddress remote = remoteAddress();
        if (to != null && remote != null && !sameEndpoint(to, remote)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a TCP pipe sends only to its peer " + remote + ", not to " + to));
        }
        return send(message);
    }

    static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getAddress() != null && a.getAddress().equals(b.getAddress());
    }
}
