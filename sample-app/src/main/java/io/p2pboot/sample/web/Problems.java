package io.p2pboot.sample.web;

import io.p2pboot.address.PeerAddress;
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

    /**
     * A peer name the client gave, in canonical form: any spelling of an address names the same
     * connection. What is not an address is a 400 that quotes it short.
     */
    static String peerName(String given) {
        try {
            return PeerAddress.parse(given).toString();
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage(), e);
        }
    }

    static ErrorResponseException of(HttpStatus status, String detail, @Nullable Throwable cause) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
    }
}
