package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.TimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
import io.netty.handler.codec.DecoderException;

/**
 * The last inbound handler of a pipe's channel: turns reads and datagrams into {@link Message}s
 * for the pipe, and socket errors into close reasons. It copies each read once into the
 * message's array, the form handlers receive.
 */
final class PipeReader extends ChannelInboundHandlerAdapter {

    private final Pipe pipe;
    private final boolean tls;

    PipeReader(Pipe pipe, boolean tls) {
        this.pipe = pipe;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!tls && pipe.protocol == Protocol.TCP) {
            pipe.up();
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                pipe.up();
            } else {
                pipe.handshakeFailed(reasonFor(done.cause()));
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (pipe.config.sockOnly()) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof DatagramPacket packet) {
            try {
                ByteBuf content = packet.content();
                int limit = pipe.config.readerLimit();
                if (content.readableBytes() > limit) {
                    // One sender's bad datagram must not take the socket away from the others.
                    pipe.rejected("datagram from " + packet.sender() + " is larger than reader_limit ("
                            + limit + " bytes)");
                    return;
                }
                pipe.received(new Message(ByteBufUtil.getBytes(content), packet.sender()));
            } finally {
                packet.release();
            }
        } else if (msg instanceof ByteBuf buf) {
            try {
                pipe.received(new Message(ByteBufUtil.getBytes(buf), (InetSocketAddress) ctx.channel().remoteAddress()));
            } finally {
                buf.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        pipe.burstEnded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pipe.burstEnded();
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        pipe.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        pipe.failed(reasonFor(cause));
    }

    static CloseReason reasonFor(Throwable cause) {
        Throwable root = cause;
        while (root instanceof DecoderException && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof SslHandshakeTimeoutException || root instanceof TimeoutException) {
            return new CloseReason(CloseReason.Kind.TIMEOUT, String.valueOf(root.getMessage()), root);
        }
        if (root instanceof SSLException) {
            return new CloseReason(CloseReason.Kind.PROTOCOL, "TLS failed: " + root.getMessage(), root);
        }
        if (root instanceof IOException) {
            return new CloseReason(CloseReason.Kind.RESET, String.valueOf(root.getMessage()), root);
        }
        return new CloseReason(CloseReason.Kind.ERROR, String.valueOf(root), root);
    }
}
