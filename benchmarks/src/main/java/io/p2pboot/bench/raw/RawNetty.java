package io.p2pboot.bench.raw;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The raw baseline's sockets: native epoll, TCP_NODELAY, its own two event loops (one per side
 * of a loopback connection), nothing else in the pipeline but what each baseline adds.
 */
public final class RawNetty implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final EventLoopGroup group;

    public RawNetty() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll is not available", Epoll.unavailabilityCause());
        }
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("raw-io", true), EpollIoHandler.newFactory());
    }

    /** Listens on a free loopback port; each accepted channel gets {@code child}'s handlers. */
    public Channel listen(ChannelHandler child) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(child)
                .bind(HOST, 0).sync().channel();
    }

    public Bootstrap client(ChannelHandler handler) {
        return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler);
    }

    public Channel connect(ChannelHandler handler, InetSocketAddress to) throws InterruptedException {
        return client(handler).connect(to).sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 500, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
