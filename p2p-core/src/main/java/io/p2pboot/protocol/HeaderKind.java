package io.p2pboot.protocol;

/**
 * The header kinds of the wire protocol: Peerpy's six, and {@link #ACK}, which only a session
 * connection between two peers of this library carries (a Python peer never receives one). The
 * wire spelling is the enum name; a receiver matches it as a prefix of the header text, as the
 * Python peer does (no kind is a prefix of another, so the match is unambiguous).
 */
public enum HeaderKind {
    HELLO,
    ACCEPT,
    DENY,
    DATA,
    PING,
    PONG,
    /** A session's cumulative acknowledgment: every message up to {@code seq} was handled. */
    ACK
}
