package io.p2pboot.pipe;

import java.io.IOException;
import java.util.concurrent.CompletionException;

/**
 * What a failed {@code CompletableFuture} failed with: a dependent stage sees the failure of the
 * stage before it wrapped in a {@link CompletionException}, and callers want the failure itself.
 */
public final class FutureFailures {

    private FutureFailures() {
    }

    /** The failure a {@link CompletionException} wraps, or {@code failure} itself. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * The failure as a blocking twin of an async call throws it: an {@link IOException} as it is;
     * anything else but a {@link RuntimeException} (which is thrown from here) wrapped in one.
     */
    public static IOException asIOException(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        return new IOException(cause);
    }
}
