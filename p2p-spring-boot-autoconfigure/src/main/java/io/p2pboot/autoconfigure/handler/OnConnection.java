package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method called when the application's {@code Peer} has a new connection, whichever
 * side offered it.
 *
 * <p>Parameters are resolved by type: {@code Peer}, {@code Connection}, {@code DataType} (the
 * connection's).
 *
 * @see P2pHandlerRegistrar
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnection {
}
