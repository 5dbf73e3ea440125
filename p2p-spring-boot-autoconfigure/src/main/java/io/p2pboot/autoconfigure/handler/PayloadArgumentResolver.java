package io.p2pboot.autoconfigure.handler;

import io.p2pboot.peer.Received;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;

/**
 * Supplies a message's payload, converted to the parameter's declared (generic) type by the
 * connection's codec: Jackson for {@code json}. Last in the chain, it takes any parameter of an
 * {@code @OnData} method that no context resolver took. The value comes from {@link Received#as},
 * which keeps it: methods of one message that take the same type share one instance, parsed once.
 */
final class PayloadArgumentResolver implements ArgumentResolver {

    @Override
    public boolean appliesTo(HandlerEvent event) {
        return event == HandlerEvent.DATA;
    }

    @Override
    public boolean supports(HandlerEvent event, MethodParameter parameter) {
        return appliesTo(event);
    }

    @Override
    public Object resolve(MethodParameter parameter, EventContext context) {
        Received received = context.received();
        Type type = parameter.getGenericParameterType();
        Object value;
        try {
            value = received.as(type);
        } catch (RuntimeException e) {
            // The codec's message already names the data type and the target type.
            throw new PayloadConversionException(e.getMessage() != null ? e.getMessage()
                    : "a " + received.dataType() + " payload cannot be read as " + type.getTypeName(), e);
        }
        if (value == null && parameter.getParameterType().isPrimitive()) {
            throw new PayloadConversionException("a null " + received.dataType() + " payload cannot be read as "
                    + type.getTypeName(), null);
        }
        return value;
    }

    @Override
    public String describe() {
        return "one payload parameter of any other type";
    }
}
