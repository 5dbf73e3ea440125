package io.p2pboot.bench.raw;

import io.p2pboot.bench.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The round-trip limit: blocking socket channels, one thread per side, header + payload each way. */
public final class BlockingPingPong {

    private BlockingPingPong() {
    }

    public static long[] roundTrips(int size, Settings settings, int max) throws Exception {
        int frame = RawFraming.HEADER + size;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(RawNetty.HOST, 0));
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketChannel accepted = server.accept();
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread echo = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(frame);
                try {
                    while (true) {
                        b.clear();
                        readFully(accepted, b);
                        b.flip();
                        while (b.hasRemaining()) {
                            accepted.write(b);
                        }
                    }
                } catch (IOException closed) {
                    // the run is over
                }
            }, "limit-echo");
            echo.setDaemon(true);
            echo.start();
            ByteBuffer out = ByteBuffer.allocateDirect(frame);
            out.put(RawFraming.dataHeader(size)).position(frame).flip();
            ByteBuffer in = ByteBuffer.allocateDirect(frame);
            long[] samples = new long[max];
            int n = 0;
            Settings limits = settings.forLimits();
            long warmupEnds = System.nanoTime() + limits.warmup().toNanos();
            long ends = warmupEnds + limits.round().toNanos() * limits.rounds();
            long now;
            while ((now = System.nanoTime()) - ends < 0 && n < max) {
                out.rewind();
                while (out.hasRemaining()) {
                    client.write(out);
                }
                in.clear();
                readFully(client, in);
                long rtt = System.nanoTime() - now;
                if (now - warmupEnds > 0) {
                    samples[n++] = rtt;
                }
            }
            client.close();
            accepted.close();
            echo.join(2000);
            return java.util.Arrays.copyOf(samples, n);
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("closed");
            }
        }
    }
}
