package io.p2pboot.sample.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Errors the controllers raise; they become {@code application/problem+json} responses. */
final class Problems {

    private Problems() {
    }

    static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail, null);
    }

    static ErrorResponseException badRequest(String detail, Throwable cause) {
        return of(HttpStatus.BAD_REQUEST, detail, cause);
    }

    static ErrorResponseException notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, detail, null);
    }

    static ErrorResponseException of(HttpStatus status, String detail, @Nullable Throwable cause) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
    }
}
