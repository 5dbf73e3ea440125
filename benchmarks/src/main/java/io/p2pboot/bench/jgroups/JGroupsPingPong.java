package io.p2pboot.bench.jgroups;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LatencySamples;
import io.p2pboot.bench.LoadThreads;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;

/**
 * JGroups ping-pong: the client thread sends a message to the server member and waits for the
 * echo, which the server's receiver sends back from its delivery thread. The client waits as p2p's
 * {@code receive} does: it spins, yielding, up to {@link #SPIN} for the echo, then parks until the
 * client's receiver wakes it. Paused, nothing is in flight.
 */
public final class JGroupsPingPong implements Contender {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final long SPIN = 100_000;

    private final LatencySamples samples;
    private final AtomicLong echoes = new AtomicLong();
    private volatile Thread waiter;
    private JGroupsPair pair;
    private LoadThreads pinger;

    private JGroupsPingPong(int capacity) {
        samples = new LatencySamples(capacity);
    }

    /** Two members and a paused pinger of {@code size}-byte messages; keeps at most {@code capacity} times. */
    public static JGroupsPingPong open(int size, int capacity) throws Exception {
        JGroupsPingPong p = new JGroupsPingPong(capacity);
        try {
            JChannel[] server = new JChannel[1];
            p.pair = JGroupsPair.open(new Receiver() {
                @Override
                public void receive(Message msg) {
                    try {
                        server[0].send(new BytesMessage(msg.getSrc(), msg.getArray(), msg.getOffset(), msg.getLength()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, new Receiver() {
                @Override
                public void receive(Message msg) {
                    p.echoes.incrementAndGet();
                    Thread t = p.waiter;
                    if (t != null) {
                        LockSupport.unpark(t);
                    }
                }
            });
            server[0] = p.pair.server;
            Address to = p.pair.serverAddress();
            byte[] ping = new byte[size];
            p.pinger = new LoadThreads("jgroups-pinger", () -> p.pingPong(to, ping));
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private void pingPong(Address to, byte[] ping) throws Exception {
        long expected = echoes.get() + 1;
        long start = System.nanoTime();
        pair.client.send(new BytesMessage(to, ping));
        while (echoes.get() < expected && System.nanoTime() - start < SPIN) {
            Thread.yield();
        }
        if (echoes.get() < expected) {
            waiter = Thread.currentThread();
            long deadline = start + WAIT.toNanos();
            while (echoes.get() < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no echo within " + WAIT);
                }
                LockSupport.parkNanos(this, left);
            }
            waiter = null;
        }
        samples.add(System.nanoTime() - start);
    }

    /** Round-trip times in nanoseconds; {@link #count()} is how many. */
    public LatencySamples samples() {
        return samples;
    }

    @Override
    public void resume() {
        pinger.resume();
    }

    @Override
    public void pause() {
        pinger.pause();
    }

    @Override
    public long count() {
        return samples.count();
    }

    @Override
    public void close() {
        try {
            if (pinger != null) {
                pinger.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }
}
