package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Supplies one kind of handler method argument. Whether a resolver fits a parameter is decided
 * once, at start-up, which is when signatures are checked.
 */
interface ArgumentResolver {

    /** Whether methods handling {@code event} can get arguments from this resolver at all. */
    boolean appliesTo(HandlerEvent event);

    /** Whether this resolver supplies the parameter when the method handles {@code event}. */
    boolean supports(HandlerEvent event, MethodParameter parameter);

    /**
     * The argument for one call.
     *
     * @throws PayloadConversionException the message cannot be read as the parameter's type
     */
    @Nullable Object resolve(MethodParameter parameter, EventContext context);

    /** What the resolver supplies, for start-up error messages. */
    String describe();
}
