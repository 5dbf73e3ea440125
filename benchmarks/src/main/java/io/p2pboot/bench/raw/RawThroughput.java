package io.p2pboot.bench.raw;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.p2pboot.bench.Contender;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Netty one-way throughput with the peer protocol's framing (or payload-only framing): the
 * raw side of {@code bytes-*}, {@code stream-1KiB} and {@code json-small}. Counts messages at the
 * receiver.
 */
public final class RawThroughput implements Contender {

    private final AtomicLong received = new AtomicLong();
    private final RawNetty net = new RawNetty();
    private final RawSender sender;
    private Channel server;
    private Channel client;

    private RawThroughput(int size, boolean stream) {
        sender = new RawSender(stream ? null : RawFraming.dataHeader(size), new byte[size]);
    }

    /** Connected and paused; {@code stream}: no headers. */
    public static RawThroughput open(int size, boolean stream) throws InterruptedException {
        RawThroughput t = new RawThroughput(size, stream);
        try {
            t.server = t.net.listen(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new RawFrameDecoder(stream ? size : 0), new Counting(t.received));
                }
            });
            t.client = t.net.connect(t.sender, (InetSocketAddress) t.server.localAddress());
            return t;
        } catch (InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    @Override
    public void resume() {
        sender.resume();
    }

    @Override
    public void pause() {
        sender.pause();
    }

    @Override
    public long count() {
        return received.get();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close().syncUninterruptibly();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        net.close();
    }
}
