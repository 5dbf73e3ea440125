package io.p2pboot.autoconfigure.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;

/**
 * Checks that an annotated method can be called for its event, and binds each parameter to its
 * resolver. Anything wrong is reported naming the bean, the method and the fault.
 */
final class HandlerSignatureChecker {

    private final ArgumentResolvers resolvers;

    HandlerSignatureChecker(ArgumentResolvers resolvers) {
        this.resolvers = resolvers;
    }

    /** @throws InvalidHandlerMethodException the method does not fit its event */
    HandlerSignature check(String beanName, Method method, HandlerDeclaration declaration) {
        HandlerEvent event = declaration.event();
        if (Modifier.isStatic(method.getModifiers())) {
            throw invalid(event, beanName, method, "must not be static");
        }
        if (event == HandlerEvent.OFFER && method.getReturnType() != boolean.class
                && method.getReturnType() != Boolean.class) {
            throw invalid(event, beanName, method, "must return boolean (whether to accept the offer), but returns "
                    + method.getGenericReturnType().getTypeName());
        }
        List<ArgumentResolver> bound = new ArrayList<>(method.getParameterCount());
        int payloadIndex = -1;
        for (int i = 0; i < method.getParameterCount(); i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            ArgumentResolver resolver = resolvers.find(event, parameter);
            if (resolver == null) {
                throw invalid(event, beanName, method, "has parameter " + i + " of type "
                        + parameter.getGenericParameterType().getTypeName() + " that cannot be supplied; "
                        + event.label() + " methods take " + resolvers.describe(event));
            }
            if (resolver instanceof PayloadArgumentResolver) {
                if (payloadIndex >= 0) {
                    throw invalid(event, beanName, method, "has two payload parameters (" + payloadIndex + " and " + i
                            + ") but a message has one; the others may be " + resolvers.describeContext(event));
                }
                payloadIndex = i;
            }
            bound.add(resolver);
        }
        MessageFilter filter = declaration.annotation() instanceof OnData onData ? MessageFilter.of(onData) : MessageFilter.ANY;
        Order order = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
        return new HandlerSignature(beanName, method, event, bound, filter, order != null ? order.value() : null);
    }

    static InvalidHandlerMethodException invalid(HandlerEvent event, String beanName, Method method, String fault) {
        return new InvalidHandlerMethodException(HandlerSignature.describe(event, beanName, method) + " " + fault);
    }
}
