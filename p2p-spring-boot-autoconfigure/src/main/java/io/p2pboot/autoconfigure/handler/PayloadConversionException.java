package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be read as the type a handler method declares for its payload. This is
 * about the message, not the method, so the method is skipped for it rather than failed; the
 * {@link P2pErrorHandler} is told.
 */
public final class PayloadConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PayloadConversionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
