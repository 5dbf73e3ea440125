package io.p2pboot.bench.jgroups;

import io.p2pboot.bench.Contender;
import io.p2pboot.bench.LoadThreads;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.JChannel;

/**
 * JGroups' counterpart of a handshake: one client channel joins a cluster whose coordinator is
 * already running and leaves again, over and over. {@code connect} returns once the client is a
 * member (TCPPING finds the coordinator, JOIN, the view of two installed); {@code disconnect}
 * leaves (LEAVE, the coordinator's new view). A unit is one join and leave, as a p2p handshake is a
 * {@code connect} and {@code close}.
 */
public final class JGroupsJoins implements Contender {

    private final LongAdder done = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private JChannel coordinator;
    private JChannel client;
    private LoadThreads joiner;

    private JGroupsJoins() {
    }

    /** A running coordinator and a paused joiner. */
    public static JGroupsJoins open() throws Exception {
        JGroupsJoins j = new JGroupsJoins();
        try {
            int coordinatorPort = JGroupsStack.freePort();
            int clientPort = JGroupsStack.freePort();
            String cluster = JGroupsStack.clusterName();
            j.coordinator = JGroupsStack.channel(coordinatorPort, coordinatorPort, clientPort);
            j.coordinator.connect(cluster);
            j.client = JGroupsStack.channel(clientPort, coordinatorPort, clientPort);
            j.joiner = new LoadThreads("jgroups-joiner", () -> j.joinAndLeave(cluster));
            return j;
        } catch (Exception | Error e) {
            j.close();
            throw e;
        }
    }

    /**
     * A join that did not find the coordinator (its discovery ran while the coordinator still tore
     * down the last connection, and the client made a cluster of its own) is left and not counted:
     * its time counts against JGroups, as a failed connect would. Most joins must succeed.
     */
    private void joinAndLeave(String cluster) throws Exception {
        client.connect(cluster);
        boolean joined = client.getView() != null && client.getView().size() == 2;
        String view = String.valueOf(client.getView());
        client.disconnect();
        if (joined) {
            done.increment();
        } else if (incrementMissed() > 20 && missed.sum() > done.sum()) {
            throw new IllegalStateException("most joins missed the coordinator (" + missed.sum() + " of "
                    + (missed.sum() + done.sum()) + "), the last with view " + view);
        }
    }

    private long incrementMissed() {
        missed.increment();
        return missed.sum();
    }

    /** Joins that did not find the coordinator. */
    public long missed() {
        return missed.sum();
    }

    @Override
    public void resume() {
        joiner.resume();
    }

    @Override
    public void pause() {
        joiner.pause();
    }

    @Override
    public long count() {
        return done.sum();
    }

    @Override
    public void close() {
        try {
            if (joiner != null) {
                joiner.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (client != null) {
                client.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
        }
    }
}
