package io.p2pboot.bench.raw;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** Raw Netty one-way throughput with the peer protocol's framing (or payload-only framing). */
public final class RawThroughput {

    private RawThroughput() {
    }

    /** Messages per second counted at the receiver; {@code stream}: no headers. */
    public static double messagesPerSecond(int size, boolean stream, Settings settings) throws Exception {
        AtomicLong received = new AtomicLong();
        byte[] payload = new byte[size];
        RawSender sender = new RawSender(stream ? null : RawFraming.dataHeader(size), payload);
        try (RawNetty net = new RawNetty()) {
            Channel server = net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new RawFrameDecoder(stream ? size : 0), new Counting(received));
                }
            });
            Channel client = net.connect(sender, (InetSocketAddress) server.localAddress());
            try {
                return Sampler.medianRate(received::get, settings);
            } finally {
                sender.stop();
                client.close().sync();
                server.close().sync();
            }
        }
    }
}
