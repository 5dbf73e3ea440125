package io.p2pboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;

/**
 * Validates one handler method's payload, marked {@code @Valid} or {@code @Validated}, through the
 * application's {@link Validator} before the method is called, with the groups
 * {@code @Validated} names.
 */
final class PayloadValidator {

    private final Validator validator;
    private final Object[] hints;
    private final String objectName;
    private final String handler;

    PayloadValidator(Validator validator, Object[] hints, String objectName, String handler) {
        this.validator = validator;
        this.hints = hints.clone();
        this.objectName = objectName;
        this.handler = handler;
    }

    /** @throws PayloadValidationException the payload is not valid; a {@code null} payload is not validated */
    void validate(@Nullable Object payload) {
        if (payload == null || !validator.supports(payload.getClass())) {
            return;
        }
        Errors errors = new BeanPropertyBindingResult(payload, objectName);
        if (hints.length > 0 && validator instanceof SmartValidator smart) {
            smart.validate(payload, errors, hints);
        } else {
            validator.validate(payload, errors);
        }
        if (errors.hasErrors()) {
            throw new PayloadValidationException(handler, errors);
        }
    }
}
