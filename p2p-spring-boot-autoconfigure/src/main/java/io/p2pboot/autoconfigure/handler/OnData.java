package io.p2pboot.autoconfigure.handler;

import io.p2pboot.protocol.DataType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that receives messages on every connection of the application's
 * {@code Peer}. Methods of one connection run one at a time, in {@code @Order}.
 *
 * <p>Parameters are resolved by type: {@code Peer}, {@code Connection}, {@code Received},
 * {@code DataType} (the message's), and at most one parameter of any other type, the payload,
 * converted to that parameter's declared type (for {@code json} by Jackson, so a record, a
 * POJO or a typed {@code List} or {@code Map} work; {@code byte[]} for {@code bytes}). A
 * payload that cannot be converted skips the method for that message.
 *
 * @see P2pHandlerRegistrar
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(HandlerReflectiveProcessor.class)
public @interface OnData {

    /** Data types of the messages the method receives; empty for all. */
    DataType[] dataType() default {};

    /** Names ({@code ip:port}) of the peers whose messages the method receives; empty for all. */
    String[] peer() default {};
}
