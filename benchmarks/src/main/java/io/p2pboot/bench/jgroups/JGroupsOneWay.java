package io.p2pboot.bench.jgroups;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LoadThreads;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.util.MessageBatch;

/**
 * JGroups one-way: a user thread sends the same {@code byte[]} over and over to the other member
 * ({@code JChannel.send} of a {@link BytesMessage}, reliable and flow-controlled, JGroups' default),
 * whose receiver counts the messages (each arrives as its own array, as p2p's {@code onData} gets one).
 */
public final class JGroupsOneWay implements Contender {

    private final LongAdder received = new LongAdder();
    private JGroupsPair pair;
    private LoadThreads sender;

    private JGroupsOneWay() {
    }

    /** Two members, a paused sender of {@code size}-byte messages. */
    public static JGroupsOneWay open(int size) throws Exception {
        JGroupsOneWay w = new JGroupsOneWay();
        try {
            w.pair = JGroupsPair.open(new Counter(w.received, size), new Receiver() { });
            Address to = w.pair.serverAddress();
            byte[] payload = new byte[size];
            w.sender = new LoadThreads("jgroups-sender", () -> w.pair.client.send(new BytesMessage(to, payload)));
            return w;
        } catch (Exception | Error e) {
            w.close();
            throw e;
        }
    }

    /** Counts messages of the expected size, one by one or a batch at a time. */
    private record Counter(LongAdder received, int size) implements Receiver {
        @Override
        public void receive(Message msg) {
            if (msg.getLength() == size) {
                received.increment();
            }
        }

        @Override
        public void receive(MessageBatch batch) {
            int n = 0;
            for (Message msg : batch) {
                if (msg.getLength() == size) {
                    n++;
                }
            }
            received.add(n);
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
        return received.sum();
    }

    @Override
    public void close() {
        try {
            if (sender != null) {
                sender.close();
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
