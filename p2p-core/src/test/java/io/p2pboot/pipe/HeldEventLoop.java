package io.p2pboot.pipe;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a pipe's event loop busy until closed, so a test can act between a call and the event
 * loop's handling of it (a send and the write, for one).
 */
final class HeldEventLoop implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);

    HeldEventLoop(Pipe pipe) {
        pipe.channel().eventLoop().execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Lets the event loop go on. */
    @Override
    public void close() {
        release.countDown();
    }
}
