package io.p2pboot.autoconfigure.handler;

import java.util.stream.Collectors;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * A payload failed the validation its handler method asks for with {@code @Valid} or
 * {@code @Validated}: the method was not called for it, and the {@link P2pErrorHandler} is told.
 */
public final class PayloadValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Errors errors;

    PayloadValidationException(String handler, Errors errors) {
        super("invalid payload for " + handler + ": " + describe(errors));
        this.errors = errors;
    }

    /** What was wrong, field by field, as the validator said it. */
    public Errors getErrors() {
        return errors;
    }

    private static String describe(Errors errors) {
        return errors.getAllErrors().stream()
                .map(e -> (e instanceof FieldError f ? f.getField() + " " : "")
                        + e.getDefaultMessage())
                .collect(Collectors.joining(", "));
    }
}
