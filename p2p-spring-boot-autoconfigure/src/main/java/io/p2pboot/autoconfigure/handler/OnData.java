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
 * payload that cannot be converted skips the method for that message. A payload parameter
 * marked {@code @Valid} or {@code @Validated} is validated first by the application's
 * {@code Validator}; an invalid one skips the method too. Either goes to the
 * {@link P2pErrorHandler}.
 *
 * <p>What the method returns is the reply: it is sent back on the connection the message came
 * on, as the connection's data type, before the connection's next message is handled (what
 * {@code Connection.request} on the other side waits for). {@code void} methods, and a
 * {@code null} return, send nothing. Each method of a message that returns a value sends it.
 *
 * <p>Methods run on the peer's handler executor unless {@link #dispatch()} (or
 * {@code p2p.handlers.dispatch}) puts them on the connection's event loop: only for methods that
 * never block, since a method there holds up every connection of that loop.
 *
 * <p>String attributes may hold {@code ${…}} placeholders, resolved from the environment at
 * start-up ({@code @OnData(peer = "${chat.peer}")}); one that cannot be resolved fails start-up.
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

    /**
     * Names ({@code ip:port}) of the peers whose messages the method receives; empty for all. Each
     * may be a placeholder, and one that resolves to a comma-separated list counts as each name.
     */
    String[] peer() default {};

    /**
     * Where the method runs: {@link Dispatch#DEFAULT} where {@code p2p.handlers.dispatch} says (the
     * handler executor unless set), {@link Dispatch#EVENT_LOOP} on the connection's event loop, two
     * thread hand-offs sooner, for a method that never blocks, {@link Dispatch#EXECUTOR} on the
     * executor whatever the peer says. Messages reach the event loop's methods there only when every
     * data handler of the connection runs there.
     */
    Dispatch dispatch() default Dispatch.DEFAULT;
}
