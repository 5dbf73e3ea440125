package io.p2pboot.autoconfigure.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Checks that an annotated method can be called for its event, and binds each parameter to its
 * resolver. Anything wrong is reported naming the bean, the method and the fault.
 */
final class HandlerSignatureChecker {

    private final ArgumentResolvers resolvers;
    private final AttributePlaceholders placeholders;

    /** A checker resolving placeholders from system properties and environment variables only. */
    HandlerSignatureChecker(ArgumentResolvers resolvers) {
        this(resolvers, new AttributePlaceholders(new StandardEnvironment()));
    }

    HandlerSignatureChecker(ArgumentResolvers resolvers, AttributePlaceholders placeholders) {
        this.resolvers = resolvers;
        this.placeholders = placeholders;
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
        if (event == HandlerEvent.DATA && isDeferred(method.getReturnType())) {
            throw invalid(event, beanName, method, "returns " + method.getGenericReturnType().getTypeName()
                    + ", but what an @OnData method returns is sent as its reply: return the reply itself (or void)");
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
        MessageFilter filter = MessageFilter.ANY;
        Dispatch dispatch = Dispatch.DEFAULT;
        if (declaration.annotation() instanceof OnData onData) {
            dispatch = onData.dispatch();
            try {
                filter = MessageFilter.of(onData, placeholders);
            } catch (IllegalArgumentException e) {
                throw invalid(event, beanName, method, "has a peer attribute that cannot be resolved: " + e.getMessage());
            }
        }
        Order order = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
        Object[] hints = payloadIndex >= 0 ? validationHints(new MethodParameter(method, payloadIndex)) : null;
        return new HandlerSignature(beanName, method, event, bound, filter, order != null ? order.value() : null, hints,
                dispatch);
    }

    /** A type standing for a value still to come, which would be sent as an object of its own. */
    private static boolean isDeferred(Class<?> returnType) {
        return Future.class.isAssignableFrom(returnType) || CompletionStage.class.isAssignableFrom(returnType);
    }

    /** The groups to validate a payload in when it is marked {@code @Valid} or {@code @Validated}; else {@code null}. */
    private static Object @Nullable [] validationHints(MethodParameter payload) {
        for (Annotation annotation : payload.getParameterAnnotations()) {
            Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
            if (hints != null) {
                return hints;
            }
        }
        return null;
    }

    static InvalidHandlerMethodException invalid(HandlerEvent event, String beanName, Method method, String fault) {
        return new InvalidHandlerMethodException(HandlerSignature.describe(event, beanName, method) + " " + fault);
    }
}
