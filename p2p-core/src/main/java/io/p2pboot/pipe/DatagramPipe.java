package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A UDP socket: sends to any address, receives from any sender. */
final class DatagramPipe extends Pipe {

    private final InetSocketAddress destination;

    DatagramPipe(PipeConfig config, Channel channel, @Nullable InetSocketAddress destination, boolean subscribeAll,
                 boolean carriesProtocol) {
        super(Protocol.UDP, config, channel, null, subscribeAll, carriesProtocol);
        this.destination = destination;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return destination;
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        if (destination == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("this UDP pipe has no destination: use send(message, to)"));
        }
        return send(message, destination);
    }

    @Override
    public CompletableFuture<Void> send(ByteBuf buffer) {
        if (destination == null) {
            buffer.release();
            return CompletableFuture.failedFuture(
                    new IllegalStateException("this UDP pipe has no destination: use send(message, to)"));
        }
        return writer.write(new DatagramPacket(buffer, destination));
    }

    /** Sends one datagram; a send the OS refuses is tried again up to {@code send_retry} times. */
    @Override
    public CompletableFuture<Void> send(byte[] message, InetSocketAddress to) {
        if (message.length > 65507) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("a UDP datagram holds at most 65507 bytes, not " + message.length));
        }
        return attempt(message.clone(), to, config.sendRetry()); // the caller may reuse its array; retries send this copy
    }

    private CompletableFuture<Void> attempt(byte[] message, InetSocketAddress to, int retriesLeft) {
        return writer.write(new DatagramPacket(Unpooled.wrappedBuffer(message), to))
                .handle((ok, e) -> {
                    if (e == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (retriesLeft > 0 && channel.isOpen() && e instanceof IOException) {
                        return attempt(message, to, retriesLeft - 1);
                    }
                    return CompletableFuture.<Void>failedFuture(e);
                })
                .thenCompose(f -> f);
    }
}
