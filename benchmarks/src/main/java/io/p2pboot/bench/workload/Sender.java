package io.p2pboot.bench.workload;

import io.p2pboot.peer.Connection;
import io.p2pboot.peer.SendTimeoutException;

/** A user thread that sends one value over and over with the blocking {@code send}, as an application would. */
final class Sender implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    Sender(Connection connection, Object value) {
        thread = new Thread(() -> {
            while (running && connection.isOpen()) {
                try {
                    connection.send(value);
                } catch (SendTimeoutException slow) {
                    // the receiver lagged for the whole timeout: try again
                }
            }
        }, "bench-sender");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
