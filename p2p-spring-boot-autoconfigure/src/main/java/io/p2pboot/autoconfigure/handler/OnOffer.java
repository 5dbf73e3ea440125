package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that decides connection offers made to the application's {@code Peer}.
 * The method returns {@code boolean} (or {@code Boolean}; {@code null} denies); an offer is
 * accepted only when every such method accepts it, and a method that throws denies it.
 *
 * <p>Parameters are resolved by type: {@code Peer}, {@code Offer}, {@code DataType} (the offered one).
 *
 * @see P2pHandlerRegistrar
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(HandlerReflectiveProcessor.class)
public @interface OnOffer {
}
