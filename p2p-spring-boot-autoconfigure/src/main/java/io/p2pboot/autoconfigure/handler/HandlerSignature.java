package io.p2pboot.autoconfigure.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * A handler method whose signature was checked at start-up: for each parameter the resolver that
 * supplies it. It becomes callable once bound to the bean that exposes it.
 *
 * @param method the method as the user's class declares it (never a proxy's)
 * @param resolvers one per parameter, in order
 * @param methodOrder the method's own {@code @Order}, or {@code null} to take the bean's
 * @param validationHints the validation groups of a payload marked {@code @Valid} or
 *     {@code @Validated} (empty for the default group); {@code null} when it is not to be validated
 * @param dispatch where an {@code @OnData} method asks to run ({@link Dispatch#DEFAULT} for other events)
 */
record HandlerSignature(String beanName, Method method, HandlerEvent event, List<ArgumentResolver> resolvers,
                        MessageFilter filter, @Nullable Integer methodOrder, Object @Nullable [] validationHints,
                        Dispatch dispatch) {

    HandlerSignature {
        resolvers = List.copyOf(resolvers);
    }

    MethodParameter parameter(int index) {
        return new MethodParameter(method, index);
    }

    /** The declared (generic) type of the payload parameter, or {@code null} when the method takes none. */
    @Nullable Type payloadType() {
        int index = payloadIndex();
        return index >= 0 ? method.getGenericParameterTypes()[index] : null;
    }

    /** The payload parameter's index, or -1 when the method takes none. */
    int payloadIndex() {
        for (int i = 0; i < resolvers.size(); i++) {
            if (resolvers.get(i) instanceof PayloadArgumentResolver) {
                return i;
            }
        }
        return -1;
    }

    /** How the method is named in logs and errors: annotation, class, method, parameters and bean. */
    String describe() {
        return describe(event, beanName, method);
    }

    static String describe(HandlerEvent event, String beanName, Method method) {
        String parameters = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return event.label() + " method " + method.getDeclaringClass().getName() + "." + method.getName()
                + "(" + parameters + ") on bean '" + beanName + "'";
    }
}
