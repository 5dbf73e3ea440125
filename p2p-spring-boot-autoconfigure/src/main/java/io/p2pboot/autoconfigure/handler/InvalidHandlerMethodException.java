package io.p2pboot.autoconfigure.handler;

import org.springframework.beans.factory.BeanInitializationException;

/**
 * A bean method carries a handler annotation but cannot be called for its event; thrown while the
 * bean is created, so the application fails at start-up instead of at the first message.
 */
public class InvalidHandlerMethodException extends BeanInitializationException {

    private static final long serialVersionUID = 1L;

    public InvalidHandlerMethodException(String message) {
        super(message);
    }

    public InvalidHandlerMethodException(String message, Throwable cause) {
        super(message, cause);
    }
}
