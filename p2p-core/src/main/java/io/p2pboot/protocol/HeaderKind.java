package io.p2pboot.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The six header kinds of the Peerpy wire protocol. The wire spelling is the enum name; a
 * receiver matches it as a prefix of the header text, as the Python peer does.
 */
public enum HeaderKind {
    HELLO,
    ACCEPT,
    DENY,
    DATA,
    PING,
    PONG;

    private final byte[] wire = name().getBytes(StandardCharsets.US_ASCII);

    /** The kind's ASCII bytes, as written at the start of a header (a fresh copy). */
    public byte[] wireBytes() {
        return wire.clone();
    }

    int wireLength() {
        return wire.length;
    }

    byte wireByte(int i) {
        return wire[i];
    }
}
