package io.p2pboot.sample.web;

import io.p2pboot.peer.ConnectionDeniedException;
import io.p2pboot.peer.HandshakeTimeoutException;
import io.p2pboot.peer.MessageTooLargeException;
import io.p2pboot.peer.SendTimeoutException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error of the API as {@code application/problem+json}: Spring MVC's own (through the base
 * class), the controllers' {@code ErrorResponseException}s, and the peer's exceptions mapped to
 * what they mean over HTTP.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** The other peer answered the offer with DENY. */
    @ExceptionHandler(ConnectionDeniedException.class)
    ProblemDetail denied(ConnectionDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /**
     * A message that encodes to more than {@code p2p.max-message-size}: the other peer would close
     * the connection on its header, so the peer refuses to send it.
     */
    @ExceptionHandler(MessageTooLargeException.class)
    ProblemDetail tooLarge(MessageTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage() + "; the limit is p2p.max-message-size");
    }

    /** Reached, but no answer to the HELLO in time; or a send the other side did not take in time. */
    @ExceptionHandler({HandshakeTimeoutException.class, SendTimeoutException.class})
    ProblemDetail timedOut(IOException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
    }

    /** Refused, unreachable, or the handshake broke: the other peer could not be talked to. */
    @ExceptionHandler(IOException.class)
    ProblemDetail unreachable(IOException e) {
        log.debug("peer unreachable", e);
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return problem(HttpStatus.BAD_GATEWAY, detail);
    }

    /** Says what in the body was wrong, rather than Spring's generic "Failed to read request". */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "malformed request body: " + reason(ex));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private static String reason(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException jackson) {
            return jackson.getOriginalMessage();
        }
        return cause.getMessage() != null ? cause.getMessage() : "not readable";
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
