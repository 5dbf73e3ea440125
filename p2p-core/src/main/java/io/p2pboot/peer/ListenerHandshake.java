package io.p2pboot.peer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.Frames;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The listener's side of the handshake on one accepted socket: waits (bounded) for a HELLO,
 * has the peer decide on the offer off the I/O thread, answers ACCEPT or DENY, and on accept
 * hands the socket over to a {@link Connection}. Anything but a well-formed HELLO closes the
 * socket with the reason; other sockets are never affected.
 */
final class ListenerHandshake extends ChannelInboundHandlerAdapter {

    private final Peer peer;
    private final PipeChannel channel;
    private final FrameDecoder decoder;
    private final ConnectionReceiver receiver;
    private @Nullable ScheduledFuture<?> deadline;
    private boolean offered;
    /** The session the HELLO offered, and what the initiator had received of it; {@code null} when none. */
    private @Nullable String offeredSession;
    private long offeredReceived;
    private long begun;

    ListenerHandshake(Peer peer, PipeChannel channel, FrameDecoder decoder, ConnectionReceiver receiver) {
        this.peer = peer;
        this.channel = channel;
        this.decoder = decoder;
        this.receiver = receiver;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        begun = System.nanoTime();
        long ms = peer.timeout().toMillis();
        deadline = ctx.executor().schedule(() -> fail(CloseReason.Kind.TIMEOUT,
                offered ? "offer not decided within " + ms + " ms" : "no HELLO within " + ms + " ms"),
                ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (offered || !(msg instanceof Header hello) || hello.kind() != HeaderKind.HELLO) {
            String got = msg instanceof Header h ? h.kind().name() : "DATA";
            ReferenceCountUtil.release(msg);
            fail(CloseReason.Kind.PROTOCOL, offered ? got + " before the offer was answered"
                    : "expected HELLO as the first header, got " + got);
            return;
        }
        offered = true;
        Offer offer;
        try {
            String name = ClaimedName.verify(hello.peerName(), channel.remoteAddress(), tlsSession(ctx));
            offer = new Offer(name, channel.remoteAddress(), hello.dataType(), hello.strict(),
                    hello.stream(), hello.dataSize());
            offeredSession = hello.session().orElse(null);
            offeredReceived = hello.received();
        } catch (ClaimedName.Malformed e) {
            fail(CloseReason.Kind.PROTOCOL, "malformed HELLO: " + e.getMessage());
            return;
        } catch (ClaimedName.Refused e) {
            deny(ctx, "offer from " + PeerAddress.format(channel.remoteAddress()) + " refused: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(CloseReason.Kind.PROTOCOL, "malformed HELLO: " + e.getMessage());
            return;
        }
        CompletableFuture<Boolean> decision = peer.decide(offer, channel);
        if (decision.isDone()) {
            // Decided here and now (no offer handlers): nothing can be read before the answer, so
            // reading need not be paused (two epoll_ctl calls saved per connection).
            answer(ctx, offer, Boolean.TRUE.equals(decision.getNow(false)));
        } else {
            // Nothing more is read until the offer handlers have decided.
            ctx.channel().config().setAutoRead(false);
            decision.whenComplete((accepted, error) ->
                    ctx.executor().execute(() -> answer(ctx, offer, Boolean.TRUE.equals(accepted))));
        }
    }

    /** The TLS session whose certificate must name the peer, when names are checked against certificates. */
    private @Nullable SSLSession tlsSession(ChannelHandlerContext ctx) {
        if (!peer.config().verifyPeerName()) {
            return null;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.engine().getSession();
    }

    /** Answers DENY to an offer whose name the peer could not prove, and closes as for a protocol violation. */
    private void deny(ChannelHandlerContext ctx, String reason) {
        deadline.cancel(false);
        peer.identityRefused(reason);
        try {
            ctx.channel().writeAndFlush(Frames.header(ctx.alloc(), Header.deny()));
        } catch (ProtocolException e) {
            throw new IllegalStateException("DENY cannot be encoded", e); // a header without fields always fits
        }
        channel.closeFor(new CloseReason(CloseReason.Kind.PROTOCOL, reason, null));
    }

    private void answer(ChannelHandlerContext ctx, Offer offer, boolean accepted) {
        if (!deadline.cancel(false) || !ctx.channel().isActive()) {
            peer.released(accepted);
            return;
        }
        try {
            if (!accepted) {
                ctx.channel().writeAndFlush(Frames.header(ctx.alloc(), Header.deny()));
                channel.closeFor(new CloseReason(CloseReason.Kind.LOCAL, "offer from " + offer.peerName() + " denied", null));
                return;
            }
            int size = offer.dataSize().orElse(0);
            if (offer.stream()) {
                decoder.startStreaming(size, offer.dataType());
            }
            decoder.handshakeDone();
            Header answer = Header.accept();
            SessionLink session = null;
            Sessions sessions = peer.sessions();
            if (sessions != null && offeredSession != null && !offer.stream()) {
                session = sessions.answer(offer.peerName(), offeredSession, offeredReceived, ctx.channel().eventLoop());
                answer = answer.withSession(session.id(), session.ownReceived());
            }
            Connection connection = new Connection(peer, channel, decoder, receiver, offer.peerName(),
                    offer.dataType(), offer.strict(), offer.stream(), size, false, session);
            if (session != null) {
                session.session().linked(session, connection);
            }
            receiver.attach(connection);
            ctx.pipeline().replace(this, "connection", new ConnectionInbound(connection));
            // Registered before it is answered: once the other side has its ACCEPT, this side lists the connection.
            if (!peer.register(connection, true)) {
                return; // a live connection of that name from another IP stays; this one was closed
            }
            // Straight to the channel (we are on its event loop, and nothing else was queued on the
            // pipe before the answer): no batching task for a single header. Then the connection
            // event, so that whatever its handlers send follows the ACCEPT.
            ctx.channel().writeAndFlush(Frames.header(ctx.alloc(), answer));
            peer.stats().handshake(System.nanoTime() - begun);
            peer.announce(connection);
            if (!ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
        } catch (ProtocolException e) {
            peer.released(true);
            fail(CloseReason.Kind.PROTOCOL, e.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            fail(CloseReason.Kind.PROTOCOL, cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void fail(CloseReason.Kind kind, String reason) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        channel.closeFor(new CloseReason(kind, reason, null));
    }
}
