package io.p2pboot.bench.jgroups;

import java.time.Duration;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;

/** Two connected JGroups members on loopback, a server and a client, in one cluster of their own. */
final class JGroupsPair implements AutoCloseable {

    private static final Duration JOINED = Duration.ofSeconds(10);

    final JChannel server;
    final JChannel client;

    private JGroupsPair(JChannel server, JChannel client) {
        this.server = server;
        this.client = client;
    }

    /** The server joins first (it becomes the coordinator), then the client; returns with a view of two. */
    static JGroupsPair open(Receiver serverReceiver, Receiver clientReceiver) throws Exception {
        int serverPort = JGroupsStack.freePort();
        int clientPort = JGroupsStack.freePort();
        String cluster = JGroupsStack.clusterName();
        JChannel server = JGroupsStack.channel(serverPort, serverPort, clientPort).setReceiver(serverReceiver);
        JChannel client = null;
        try {
            server.connect(cluster);
            client = JGroupsStack.channel(clientPort, serverPort, clientPort).setReceiver(clientReceiver);
            client.connect(cluster);
            awaitMembers(client, 2);
            awaitMembers(server, 2);
            return new JGroupsPair(server, client);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            server.close();
            throw e;
        }
    }

    Address serverAddress() {
        return server.getAddress();
    }

    Address clientAddress() {
        return client.getAddress();
    }

    static void awaitMembers(JChannel channel, int members) throws InterruptedException {
        long deadline = System.nanoTime() + JOINED.toNanos();
        while (channel.getView() == null || channel.getView().size() != members) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JGroups view " + channel.getView() + " after " + JOINED
                        + ", expected " + members + " members");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
