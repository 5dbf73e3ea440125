package io.p2pboot.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.BufferRecycler;

class PerThreadBuffersTest {

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    /** Takes buffers and gives them back, as a generator does from creation to close. */
    private static BufferRecycler takeAndReturn(PerThreadBuffers pool) {
        BufferRecycler taken = pool.acquireAndLinkPooled();
        taken.releaseToPool();
        return taken;
    }

    private BufferRecycler onOtherThread(PerThreadBuffers pool) throws Exception {
        return CompletableFuture.supplyAsync(() -> takeAndReturn(pool), other).get();
    }

    @Test
    void aPlatformThreadTakesItsOwnBuffersEachTime() throws Exception {
        PerThreadBuffers pool = new PerThreadBuffers(() -> false);

        BufferRecycler first = takeAndReturn(pool);

        assertThat(takeAndReturn(pool)).isSameAs(first);
        assertThat(onOtherThread(pool)).isNotSameAs(first);
    }

    @Test
    void virtualThreadsShareThePoolAndReturnWhatTheyTook() throws Exception {
        PerThreadBuffers pool = new PerThreadBuffers(() -> true);

        BufferRecycler taken = pool.acquireAndLinkPooled();
        assertThat(taken.isLinkedWithPool()).isTrue();
        taken.releaseToPool();

        assertThat(onOtherThread(pool)).as("the same buffers, back from the shared pool").isSameAs(taken);
    }

    @Test
    void aCopyRestoredBySerializationSharesItsPoolAmongAllThreads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new PerThreadBuffers(() -> false));
        }
        PerThreadBuffers restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (PerThreadBuffers) in.readObject();
        }

        BufferRecycler taken = takeAndReturn(restored);

        assertThat(onOtherThread(restored)).isSameAs(taken);
    }
}
