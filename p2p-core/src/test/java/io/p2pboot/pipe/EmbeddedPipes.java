package io.p2pboot.pipe;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.p2pboot.protocol.TrackingAllocator;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pipes over a Netty {@link EmbeddedChannel}, for testing a {@link PipeProtocol} (a peer's
 * handshakes and connection) byte by byte without a socket: the test writes inbound buffers,
 * reads what was written, and moves the clock.
 *
 * <p>The channel is set up as {@code PipeBootstraps} sets up an accepted or dialled TCP channel:
 * a {@link StreamPipe} that carries a protocol, the protocol installed, then the pipe's
 * {@link PipeReader} last, all from a channel initializer that runs as the channel registers
 * (so {@code channelActive} reaches the handlers as it does on a real socket).
 *
 * <p><b>Addresses.</b> An embedded channel's addresses are {@code EmbeddedSocketAddress}es, and a
 * pipe, a peer's name check and its offers need {@link InetSocketAddress}es. {@link Wire} is an
 * embedded channel whose {@code localAddress0()}/{@code remoteAddress0()} (the hooks Netty's
 * {@code localAddress()}/{@code remoteAddress()} read once and cache) answer the addresses the
 * test chose. They are set before the channel registers, which is why the channel is built
 * unregistered and registered by {@link #open} once it knows them.
 *
 * <p><b>Handler executor.</b> The pipe's handler executor is a queue, not a direct executor: a
 * task handed to it (a batch of deliveries, an offer to decide, the end of the pipe) waits until
 * the test runs it, as on a real executor it runs after the I/O thread moved on. So the code
 * takes the paths it takes over a socket (an offer with handlers is decided later than its HELLO
 * was read, and answered from a task of the event loop). {@link Wire#settle()} runs the event
 * loop's tasks and the handler queue, in turn, until both are empty; everything runs on the test
 * thread, which the embedded event loop takes for its own.
 *
 * <p><b>Buffers.</b> The channel allocates from a {@link TrackingAllocator}, and the test's
 * inbound reads come from it too: once the pipe has ended, {@link Wire#leaks()} lists every
 * buffer still referenced (a frame the protocol did not release, an answer never written).
 *
 * <p><b>Time.</b> The channel's clock stands still: timers (handshake deadlines, the idle
 * handler's) fire only when the test moves it with {@link Wire#advance(long)}. It is a Netty
 * {@link MockTicker} given to the channel as it is built, not the embedded channel's own
 * {@code freezeTime()}/{@code advanceTimeBy()}: those work only once the channel is registered,
 * and registering installs the protocol, whose handshake arms its deadline right then; a clock
 * frozen a moment later would put every deadline a few microseconds off.
 */
public final class EmbeddedPipes {

    /** The address the embedded socket is bound to. */
    public static final InetSocketAddress LOCAL = new InetSocketAddress(loopback(), 45_000);

    private EmbeddedPipes() {
    }

    /** A pipe carrying {@code protocol}, with the loopback as the other side (port 45 001). */
    public static Wire open(PipeProtocol protocol) {
        return open(protocol, new InetSocketAddress(loopback(), 45_001));
    }

    /** A pipe carrying {@code protocol}, as seen by a socket connected from {@code remote}. */
    public static Wire open(PipeProtocol protocol, InetSocketAddress remote) {
        HandlerQueue handlers = new HandlerQueue();
        PipeConfig config = PipeConfig.defaults().toBuilder().handlerExecutor(handlers).build();
        Wire wire = new Wire(LOCAL, remote, handlers);
        wire.config().setAllocator(wire.buffers);
        AtomicReference<StreamPipe> made = new AtomicReference<>();
        wire.pipeline().addLast(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                StreamPipe pipe = new StreamPipe(config, ch, null, false, true);
                made.set(pipe);
                pipe.install(protocol);
                ch.pipeline().addLast("pipe", new PipeReader(pipe, false));
            }
        });
        try {
            wire.register();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded channel did not register", e);
        }
        wire.pipe = made.get();
        wire.settle();
        return wire;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** The handler executor: tasks wait here until the test runs them ({@link Wire#settle()}). */
    static final class HandlerQueue implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs what is queued, and what those tasks queue; answers whether anything ran. */
        boolean runAll() {
            boolean ran = false;
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
                ran = true;
            }
            return ran;
        }
    }

    /** An embedded channel with socket addresses, the pipe it is, and the handler queue of that pipe. */
    public static final class Wire extends EmbeddedChannel {

        private final InetSocketAddress local;
        private final InetSocketAddress remote;
        private final HandlerQueue handlers;
        private final MockTicker clock;
        private final TrackingAllocator buffers = new TrackingAllocator();
        private StreamPipe pipe;

        private Wire(InetSocketAddress local, InetSocketAddress remote, HandlerQueue handlers) {
            this(local, remote, handlers, Ticker.newMockTicker());
        }

        private Wire(InetSocketAddress local, InetSocketAddress remote, HandlerQueue handlers, MockTicker clock) {
            super(EmbeddedChannel.builder().register(false).ticker(clock));
            this.local = local;
            this.remote = remote;
            this.handlers = handlers;
            this.clock = clock;
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        /** The pipe over this channel. */
        public Pipe pipe() {
            return pipe;
        }

        /** Writes one inbound read (a burst of its own), then settles. */
        public Wire receive(byte[] bytes) {
            writeInbound(alloc().buffer(bytes.length).writeBytes(bytes));
            settle();
            return this;
        }

        /**
         * Runs the event loop's tasks and the handler queue, in turn, until neither has anything
         * left. Timers that are due run first, so that the tasks they hand to the event loop (a
         * deadline's close, say) run in the same turn: the embedded loop runs its queued tasks
         * before its due timers, and does not say whether a timer queued more.
         */
        public void settle() {
            do {
                runScheduledPendingTasks();
                runPendingTasks();
            } while (handlers.runAll());
        }

        /** Moves the channel's clock on by {@code millis}, then runs what became due. */
        public void advance(long millis) {
            clock.advance(millis, TimeUnit.MILLISECONDS);
            settle();
        }

        /** Everything written to the channel since it was last asked, in order, as bytes (each buffer released). */
        public byte[] written() {
            settle();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            Object o;
            while ((o = readOutbound()) != null) {
                ByteBuf buf = (ByteBuf) o;
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b).release();
                all.writeBytes(b);
            }
            return all.toByteArray();
        }

        /** The buffers of this channel's allocator (and the test's reads) still referenced. */
        public List<ByteBuf> leaks() {
            return buffers.leaks();
        }

        /** Closes the channel and waits (by settling) for the pipe to end; answers why it ended. */
        public CloseReason closeAndEnd() {
            finishAndReleaseAll();
            settle();
            return pipe.closeReason();
        }
    }
}
