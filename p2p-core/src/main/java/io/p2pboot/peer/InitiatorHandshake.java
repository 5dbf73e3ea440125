package io.p2pboot.peer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiator's side of the handshake: sends HELLO, waits (bounded) for ACCEPT or DENY, and on
 * ACCEPT turns the socket into a {@link Connection} before another byte is decoded, so data that
 * follows the ACCEPT in the same read is not lost or misread.
 */
final class InitiatorHandshake extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InitiatorHandshake.class);

    private final Peer peer;
    private final String target;
    private final DataType dataType;
    private final boolean strict;
    private final boolean stream;
    private final int dataSize;
    private final CompletableFuture<Connection> result = new CompletableFuture<>();
    // Set as the protocol is installed on the channel, before anything is read or written.
    private @Nullable PipeChannel channel;
    private @Nullable FrameDecoder decoder;
    private @Nullable ConnectionReceiver receiver;
    private @Nullable ScheduledFuture<?> deadline;
    /** The session offered in HELLO; {@code null} when none was. */
    private @Nullable Session offeredSession;

    InitiatorHandshake(Peer peer, String target, DataType dataType, boolean strict, boolean stream, int dataSize) {
        this.peer = peer;
        this.target = target;
        this.dataType = dataType;
        this.strict = strict;
        this.stream = stream;
        this.dataSize = dataSize;
    }

    /** On the event loop, as the dialled channel is initialized: what the handshake works with. */
    void install(PipeChannel on, FrameDecoder frames, ConnectionReceiver inbound) {
        this.channel = on;
        this.decoder = frames;
        this.receiver = inbound;
    }

    CompletableFuture<Connection> result() {
        return result;
    }

    /** Sends the HELLO once the pipe is open; the answer must come within the peer's timeout. */
    void offer() {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            sendHello(); // the usual case: the pipe came up on its event loop, which is where we are
        } else {
            loop.execute(this::sendHello);
        }
    }

    /**
     * The socket closed before the handshake made a connection (the receiver says so as the pipe
     * ends, perhaps on the event loop: callers get the result through a hand-off of their own).
     */
    void closed(CloseReason reason) {
        fail(new ConnectException("connection to " + target + " closed during the handshake: " + reason),
                reason.kind());
    }

    /** On the event loop: arms the deadline and writes the HELLO straight to the channel. */
    private void sendHello() {
        if (result.isDone()) {
            return; // closed before it was up
        }
        long ms = peer.timeout().toMillis();
        deadline = channel.eventLoop().schedule(() -> fail(new HandshakeTimeoutException(
                "no answer to HELLO from " + target + " within " + ms + " ms"), CloseReason.Kind.TIMEOUT),
                ms, TimeUnit.MILLISECONDS);
        try {
            Header hello = withSession(Header.hello(ownName(), dataType, strict, stream, dataSize > 0 ? dataSize : null));
            // Nothing else can have been queued on this pipe yet, so no batching to keep in order with.
            channel.pipeline().channel().writeAndFlush(Frames.header(channel.alloc(), hello));
        } catch (ProtocolException e) {
            fail(e, CloseReason.Kind.PROTOCOL);
        }
    }

    /**
     * The HELLO with this peer's session with the target offered, when sessions are on and the
     * connection does not stream (a stream has no headers to number). A HELLO that the session's
     * fields would make longer than a header (only the longest IPv6 names) goes without them.
     */
    private Header withSession(Header hello) {
        Sessions sessions = peer.sessions();
        if (sessions == null || stream) {
            return hello;
        }
        Session s = sessions.offer(target, channel.eventLoop());
        Header offer = hello.withSession(s.id(), s.received());
        if (offer.text().length() > Header.SIZE) {
            log.warn("HELLO to {} offers no session: with its fields it would not fit in {} bytes", target, Header.SIZE);
            return hello;
        }
        offeredSession = s;
        return offer;
    }

    /**
     * The name this peer gives itself: its listening {@code ip:port}, or for a peer listening on
     * every address, the IP this connection leaves from (the listener checks the name's IP
     * against the connection's source, and a wildcard is nobody's address).
     */
    private String ownName() {
        return peer.nameOn(channel.localAddress());
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
            SessionLink session = null;
            if (offeredSession != null && h.session().isPresent()) {
                // one that ended meanwhile stays ended: the connection closes as it registers, the next offers a new session
                session = offeredSession.heard(h.session().get(), h.received());
            }
            Connection connection = new Connection(peer, channel, decoder, receiver, target, dataType, strict, stream,
                    dataSize, true, session);
            if (session != null) {
                session.session().linked(session, connection);
            }
            receiver.attach(connection);
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
        if (result.completeExceptionally(error) && channel != null) {
            channel.closeFor(new CloseReason(kind, error.getMessage(), error));
        }
    }
}
