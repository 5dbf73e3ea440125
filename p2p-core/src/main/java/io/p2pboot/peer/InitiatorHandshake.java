package io.p2pboot.peer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.EventLoopEndHandler;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The initiator's side of the handshake: sends HELLO, waits (bounded) for ACCEPT or DENY, and on
 * ACCEPT turns the socket into a {@link Connection} before another byte is decoded, so data that
 * follows the ACCEPT in the same read is not lost or misread.
 */
final class InitiatorHandshake extends ChannelInboundHandlerAdapter {

    private final Peer peer;
    private final String target;
    private final DataType dataType;
    private final boolean strict;
    private final boolean stream;
    private final int dataSize;
    private final FrameDecoder decoder;
    private final CompletableFuture<Connection> result = new CompletableFuture<>();
    private Pipe pipe;
    private ScheduledFuture<?> deadline;

    InitiatorHandshake(Peer peer, String target, DataType dataType, boolean strict, boolean stream, int dataSize,
                       FrameDecoder decoder) {
        this.peer = peer;
        this.target = target;
        this.dataType = dataType;
        this.strict = strict;
        this.stream = stream;
        this.dataSize = dataSize;
        this.decoder = decoder;
    }

    CompletableFuture<Connection> result() {
        return result;
    }

    /** Sends the HELLO once the pipe is open; the answer must come within the peer's timeout. */
    void offer(Pipe openPipe) {
        this.pipe = openPipe;
        io.netty.channel.EventLoop loop = openPipe.channel().eventLoop();
        if (loop.inEventLoop()) {
            sendHello(); // the usual case: the pipe came up on its event loop, which is where we are
        } else {
            loop.execute(this::sendHello);
        }
        openPipe.addEndHandler(new EventLoopEndHandler() {
            @Override
            public boolean safeOnEventLoop() {
                return true; // callers get the result through a hand-off of their own (Peer.connectAsync)
            }

            @Override
            public void onEnd(Pipe closed, CloseReason reason) {
                if (!result.isDone()) { // once the handshake is over, a close is the connection's business
                    fail(new java.net.ConnectException("connection to " + target + " closed during the handshake: "
                            + reason), reason.kind());
                }
            }
        });
    }

    /** On the event loop: arms the deadline and writes the HELLO straight to the channel. */
    private void sendHello() {
        Channel channel = pipe.channel();
        long ms = peer.timeout().toMillis();
        deadline = channel.eventLoop().schedule(() -> fail(new HandshakeTimeoutException(
                "no answer to HELLO from " + target + " within " + ms + " ms"), CloseReason.Kind.TIMEOUT),
                ms, TimeUnit.MILLISECONDS);
        try {
            Header hello = Header.hello(ownName(), dataType, strict, stream, dataSize > 0 ? dataSize : null);
            // Nothing else can have been queued on this pipe yet, so no batching to keep in order with.
            channel.writeAndFlush(Frames.header(channel.alloc(), hello));
        } catch (ProtocolException e) {
            fail(e, CloseReason.Kind.PROTOCOL);
        }
    }

    /**
     * The name this peer gives itself: its listening {@code ip:port}, or for a peer listening on
     * every address, the IP this connection leaves from (the listener checks the name's IP
     * against the connection's source, and a wildcard is nobody's address).
     */
    private String ownName() {
        InetSocketAddress listening = peer.address();
        if (listening != null && listening.getAddress().isAnyLocalAddress()) {
            return PeerAddress.format(pipe.localAddress().getAddress(), listening.getPort());
        }
        return peer.name();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Header h && h.kind() == HeaderKind.ACCEPT) {
            deadline.cancel(false);
            decoder.handshakeDone();
            try {
                if (stream) {
                    decoder.startStreaming(dataSize, dataType);
                }
            } catch (ProtocolException e) {
                fail(e, CloseReason.Kind.PROTOCOL);
                return;
            }
            Connection connection = new Connection(peer, pipe, decoder, target, dataType, strict, stream, dataSize);
            ctx.pipeline().replace(this, "connection", new ConnectionInbound(connection));
            result.complete(connection);
        } else if (msg instanceof Header h && h.kind() == HeaderKind.DENY) {
            fail(new ConnectionDeniedException(target), CloseReason.Kind.REMOTE);
        } else if (msg instanceof Header h && h.kind() == HeaderKind.PING) {
            return;
        } else {
            ReferenceCountUtil.release(msg);
            fail(new ProtocolException("expected ACCEPT or DENY from " + target + ", got "
                    + (msg instanceof Header h ? h.kind() : "DATA")), CloseReason.Kind.PROTOCOL);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent)) {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            fail(cause, CloseReason.Kind.PROTOCOL);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void fail(Throwable error, CloseReason.Kind kind) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (result.completeExceptionally(error)) {
            pipe.closeAsync(new CloseReason(kind, error.getMessage(), error));
        }
    }
}
