package io.p2pboot.peer;

import io.netty.channel.ChannelPipeline;
import io.p2pboot.pipe.PipeChannel;
import io.p2pboot.pipe.PipeProtocol;
import io.p2pboot.protocol.FrameDecoder;
import io.p2pboot.protocol.HeaderKind;
import org.jspecify.annotations.Nullable;

/**
 * Peerpy's protocol as it is installed on each of a peer's pipes: the frame decoder (gated on the handshake's headers), the receiving side, and the handshake of the
 * socket's role — the listener's for an accepted socket, the initiator's for a dialled one.
 */
final class ConnectionProtocol implements PipeProtocol {

    private final Peer peer;
    /** The dialled socket's handshake; {@code null} for a listener's sockets. */
    private final @Nullable InitiatorHandshake dialling;

    private ConnectionProtocol(Peer peer, @Nullable InitiatorHandshake dialling) {
        this.peer = peer;
        this.dialling = dialling;
    }

    /** For the sockets a listening peer accepts: each waits for a HELLO. */
    static ConnectionProtocol listening(Peer peer) {
        return new ConnectionProtocol(peer, null);
    }

    /** For one socket a peer dials: it sends HELLO and waits for ACCEPT or DENY. */
    static ConnectionProtocol dialling(Peer peer, InitiatorHandshake handshake) {
        return new ConnectionProtocol(peer, handshake);
    }

    @Override
    public void install(PipeChannel channel) {
        FrameDecoder decoder = new FrameDecoder(peer.config().maxMessageSize(), peer.inboundMemory());
        ChannelPipeline p = channel.pipeline();
        p.addLast("frames", decoder);
        if (dialling == null) {
            decoder.awaitHandshake(HeaderKind.HELLO);
            ConnectionReceiver receiver = new ConnectionReceiver(peer, channel, reason -> { });
            p.addLast("handshake", new ListenerHandshake(peer, channel, decoder, receiver));
        } else {
            decoder.awaitHandshake(HeaderKind.ACCEPT, HeaderKind.DENY, HeaderKind.PING);
            ConnectionReceiver receiver = new ConnectionReceiver(peer, channel, dialling::closed);
            dialling.install(channel, decoder, receiver);
            p.addLast("handshake", dialling);
        }
    }
}
