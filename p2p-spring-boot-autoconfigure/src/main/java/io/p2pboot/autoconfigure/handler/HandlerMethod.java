package io.p2pboot.autoconfigure.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.Validator;

/**
 * A checked handler method bound to the bean that exposes it. Calls go through that bean, a proxy
 * when the bean is advised, so transactions, security and other advice apply. A payload marked
 * {@code @Valid} or {@code @Validated} is validated before the call, when there is a validator.
 */
final class HandlerMethod {

    private final HandlerSignature signature;
    private final Object bean;
    private final Method invocable;
    private final int order;
    private final MethodParameter[] parameters;
    private final ArgumentResolver[] resolvers;
    private final int payloadIndex;
    private final @Nullable PayloadValidator payloadValidator;

    /** A method whose payload is not validated. */
    HandlerMethod(HandlerSignature signature, Object bean, Method invocable, int order) {
        this(signature, bean, invocable, order, null);
    }

    /**
     * @param invocable the method as callable on {@code bean}: the proxy's interface method for a
     *     JDK proxy, the signature's method otherwise
     * @param order where the method runs among the handlers of its event, lowest first
     * @param validator what validates a payload the method marks {@code @Valid} or {@code @Validated};
     *     {@code null} when the application has none
     */
    HandlerMethod(HandlerSignature signature, Object bean, Method invocable, int order, @Nullable Validator validator) {
        this.signature = signature;
        this.bean = bean;
        this.invocable = invocable;
        this.order = order;
        List<ArgumentResolver> bound = signature.resolvers();
        this.parameters = new MethodParameter[bound.size()];
        this.resolvers = bound.toArray(new ArgumentResolver[0]);
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = signature.parameter(i);
        }
        this.payloadIndex = signature.payloadIndex();
        Object[] hints = signature.validationHints();
        this.payloadValidator = validator != null && hints != null && payloadIndex >= 0 ? new PayloadValidator(validator,
                hints, Conventions.getVariableNameForParameter(parameters[payloadIndex]), signature.describe()) : null;
        ReflectionUtils.makeAccessible(invocable);
    }

    HandlerEvent event() {
        return signature.event();
    }

    /** The method as the bean's class declares it (never a proxy's). */
    Method method() {
        return signature.method();
    }

    int order() {
        return order;
    }

    /** Where the method asks to run ({@code @OnData}'s {@code dispatch}). */
    Dispatch dispatch() {
        return signature.dispatch();
    }

    /** Whether the method wants this event at all; only {@code @OnData} filters. */
    boolean wants(EventContext context) {
        return signature.filter().matches(context);
    }

    /**
     * Calls the method with arguments taken from the event.
     *
     * @return what the method returned
     * @throws PayloadConversionException the payload does not fit the declared type; the method was not called
     * @throws PayloadValidationException the payload is not valid; the method was not called
     * @throws Exception what the method threw, unwrapped
     */
    @Nullable Object invoke(EventContext context) throws Exception {
        @Nullable Object[] args = new Object[parameters.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = resolvers[i].resolve(parameters[i], context);
        }
        if (payloadValidator != null) {
            payloadValidator.validate(args[payloadIndex]);
        }
        try {
            return invocable.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getTargetException();
            if (thrown instanceof Exception exception) {
                throw exception;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new UndeclaredThrowableException(thrown);
        }
    }

    /** The type the method takes the payload as, or {@code null} when it takes no payload parameter. */
    @Nullable Type payloadType() {
        return signature.payloadType();
    }

    /** Whether the method's payload is validated before each call. */
    boolean validatesPayload() {
        return payloadValidator != null;
    }

    String beanName() {
        return signature.beanName();
    }

    /** The object the method is called on: the proxy when there is one. */
    Object bean() {
        return bean;
    }

    String describe() {
        return signature.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
