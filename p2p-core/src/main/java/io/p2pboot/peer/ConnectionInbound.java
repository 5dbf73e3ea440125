package io.p2pboot.peer;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataFrame;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * The established connection's handler in the channel: hands DATA frames to the connection,
 * enforces strictness, skips headers between messages, keeps an idle connection alive with PINGs
 * and closes one whose peer went silent. Read bursts end at the pipe's reader, after it.
 */
final class ConnectionInbound extends ChannelDuplexHandler {

    private final Connection connection;
    /** {@code null} when the peer neither pings nor times out silent connections. */
    private @Nullable KeepAlive keepAlive;

    ConnectionInbound(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DataFrame frame) {
            if (connection.strict() && frame.type() != connection.dataType()) {
                connection.discarded(frame);
                violation("strict " + connection.dataType() + " connection received DATA of type " + frame.type());
                return;
            }
            SessionLink session = connection.sessionLink();
            if (session != null && !inOrder(session, frame)) {
                return;
            }
            connection.arrived(frame);
        } else if (msg instanceof Header h && h.kind() == HeaderKind.ACK) {
            SessionLink session = connection.sessionLink();
            if (session != null) {
                session.acked(h.seq());
            }
        }
        // Any other header between messages (PING from a Python peer, for one) is skipped.
    }

    /** Whether a session's message is the next one: a resend of one received before is dropped, a gap closes the connection. */
    private boolean inOrder(SessionLink session, DataFrame frame) {
        int verdict = session.arrived(frame);
        if (verdict == Session.DELIVER) {
            return true;
        }
        connection.discarded(frame);
        if (verdict == Session.GAP) {
            violation(frame.seq() == 0 ? "DATA without seq on a session connection"
                    : "DATA seq " + frame.seq() + " does not follow " + session.session().received());
        }
        return false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        keepAlive = KeepAlive.start(connection, ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.stop();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (keepAlive != null) {
            keepAlive.stop();
        }
        super.channelInactive(ctx);
    }

    /** Every read burst ends here, whether or not it completed a frame: bytes arrived. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.read();
        }
        ctx.fireChannelReadComplete();
    }

    /** Each burst of writes is flushed once: the connection wrote. */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.wrote();
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            violation(cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void violation(String reason) {
        connection.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, reason, null));
    }
}
