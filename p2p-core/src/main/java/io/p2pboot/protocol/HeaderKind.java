package io.p2pboot.protocol;

/**
 * The six header kinds of the Peerpy wire protocol. The wire spelling is the enum name; a
 * receiver matches it as a prefix of the header text, as the Python peer does (no kind is a
 * prefix of another, so the match is unambiguous).
 */
public enum HeaderKind {
    HELLO,
    ACCEPT,
    DENY,
    DATA,
    PING,
    PONG
}
