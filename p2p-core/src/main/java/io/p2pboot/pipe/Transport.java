package io.p2pboot.pipe;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The I/O event loops pipes run on, and the channel classes that match them: native epoll where
 * the platform has it, NIO otherwise. This is what P2PD's {@code loop} option stands for: pipes
 * opened with the same transport share its threads.
 */
public final class Transport implements AutoCloseable {

    private static volatile @Nullable Transport shared;
    private static volatile @Nullable Transport sharedNio;

    private final EventLoopGroup group;
    private final boolean epoll;
    private final boolean closeable;

    private Transport(EventLoopGroup group, boolean epoll, boolean closeable) {
        this.group = group;
        this.epoll = epoll;
        this.closeable = closeable;
    }

    /**
     * A new transport with its own threads.
     *
     * @param threads number of I/O threads; 0 for Netty's default (twice the cores)
     * @param name prefix of the thread names
     */
    public static Transport create(int threads, String name) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
        return new Transport(new MultiThreadIoEventLoopGroup(threads, threadFactory, factory), epoll, true);
    }

    /** A new transport on NIO, whatever the platform offers (for wrapping existing JDK sockets). */
    public static Transport createNio(int threads, String name) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
        return new Transport(new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
                false, true);
    }

    /** The process-wide transport used by pipes that name none; its daemon threads live as long as the JVM. */
    public static Transport shared() {
        Transport t = shared;
        if (t == null) {
            synchronized (Transport.class) {
                t = shared;
                if (t == null) {
                    Transport created = create(0, "p2p-io");
                    t = new Transport(created.group, created.epoll, false);
                    shared = t;
                }
            }
        }
        return t;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Whether this transport runs on native epoll. */
    public boolean isEpoll() {
        return epoll;
    }

    Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    Channel newSocketChannel(SocketProtocolFamily family) {
        return epoll ? new EpollSocketChannel(family) : new NioSocketChannel(SelectorProvider.provider(), family);
    }

    DatagramChannel newDatagramChannel(SocketProtocolFamily family) {
        return epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family);
    }

    /** A lazily made NIO transport for wrapping sockets the JDK opened (epoll cannot adopt those). */
    static Transport sharedNio() {
        Transport t = sharedNio;
        if (t == null) {
            synchronized (Transport.class) {
                t = sharedNio;
                if (t == null) {
                    Transport created = createNio(1, "p2p-io-nio");
                    t = new Transport(created.group, false, false);
                    sharedNio = t;
                }
            }
        }
        return t;
    }

    /** Stops the threads after open channels are closed; a no-op on the shared transport. */
    public void close(Duration timeout) {
        if (closeable) {
            group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(timeout.toMillis() + 1000);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
