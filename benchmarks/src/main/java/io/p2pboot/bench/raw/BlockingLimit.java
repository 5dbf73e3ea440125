package io.p2pboot.bench.raw;

import io.p2pboot.bench.Sampler;
import io.p2pboot.bench.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical limit: blocking NIO socket channels with big buffers, one thread per side, many
 * messages per system call. No framework; what the kernel's loopback can carry.
 */
public final class BlockingLimit {

    private static final int BUFFER = 4 << 20;
    private static final int IO_CHUNK = 1 << 20;

    private BlockingLimit() {
    }

    /** One-way messages per second, with 128-byte headers unless {@code stream}. */
    public static double messagesPerSecond(int size, boolean stream, Settings settings) throws Exception {
        int frame = (stream ? 0 : RawFraming.HEADER) + size;
        int perWrite = Math.max(1, IO_CHUNK / frame);
        ByteBuffer out = ByteBuffer.allocateDirect(perWrite * frame);
        for (int i = 0; i < perWrite; i++) {
            if (!stream) {
                out.put(RawFraming.dataHeader(size));
            }
            out.position(out.position() + size);
        }
        out.flip();
        AtomicLong received = new AtomicLong();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
            server.bind(new InetSocketAddress(RawNetty.HOST, 0));
            SocketChannel client = SocketChannel.open();
            client.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.connect(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            Thread writer = new Thread(() -> write(client, out), "limit-writer");
            Thread reader = new Thread(() -> read(accepted, size, stream, received), "limit-reader");
            writer.setDaemon(true);
            reader.setDaemon(true);
            writer.start();
            reader.start();
            try {
                return Sampler.medianRate(received::get, settings.forLimits());
            } finally {
                client.close();
                accepted.close();
                writer.join(2000);
                reader.join(2000);
            }
        }
    }

    private static void write(SocketChannel ch, ByteBuffer frames) {
        ByteBuffer b = frames.duplicate();
        try {
            while (true) {
                b.clear();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        } catch (IOException closed) {
            // the run is over
        }
    }

    private static void read(SocketChannel ch, int size, boolean stream, AtomicLong received) {
        ByteBuffer in = ByteBuffer.allocateDirect(IO_CHUNK + RawFraming.HEADER + size);
        long payloadLeft = 0; // bytes of the current payload still to skip
        try {
            while (ch.read(in) >= 0) {
                in.flip();
                long count = 0;
                while (true) {
                    if (payloadLeft > 0) {
                        int skip = (int) Math.min(payloadLeft, in.remaining());
                        in.position(in.position() + skip);
                        payloadLeft -= skip;
                        if (payloadLeft > 0) {
                            break;
                        }
                        count++;
                    }
                    if (stream) {
                        payloadLeft = size;
                        continue;
                    }
                    if (in.remaining() < RawFraming.HEADER) {
                        break;
                    }
                    int n = RawFraming.dataSize(in, in.position());
                    in.position(in.position() + RawFraming.HEADER);
                    payloadLeft = n;
                    if (n == 0) {
                        count++;
                    }
                }
                in.compact();
                received.addAndGet(count);
            }
        } catch (IOException closed) {
            // the run is over
        }
    }
}
