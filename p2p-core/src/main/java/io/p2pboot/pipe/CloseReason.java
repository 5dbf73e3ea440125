package io.p2pboot.pipe;

import org.jspecify.annotations.Nullable;

/**
 * Why a pipe closed.
 *
 * @param kind who or what closed it
 * @param detail a sentence for logs and users
 * @param cause the error behind it, or {@code null}
 */
public record CloseReason(Kind kind, String detail, @Nullable Throwable cause) {

    public enum Kind {
        /** This side called close. */
        LOCAL,
        /**
         * Another connection between the same two peers took this one's place: two peers dialled
         * each other at once, one reconnected from the same IP, or a session moved to a new
         * connection. Nobody meant to end the exchange: it goes on over the other connection.
         */
        REPLACED,
        /** The other side closed the connection normally. */
        REMOTE,
        /** The connection was reset or failed at the socket. */
        RESET,
        /** A limit passed: handshake, TLS handshake or connect time. */
        TIMEOUT,
        /** Bad input or a protocol violation from the other side. */
        PROTOCOL,
        /** Any other error. */
        ERROR
    }

    public static CloseReason local() {
        return new CloseReason(Kind.LOCAL, "closed locally", null);
    }

    public static CloseReason remote() {
        return new CloseReason(Kind.REMOTE, "closed by the remote side", null);
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
