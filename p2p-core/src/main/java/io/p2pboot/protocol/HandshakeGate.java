package io.p2pboot.protocol;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The headers a connection may send while its handshake is pending: any other header, a DATA
 * header above all, is refused at once, so a peer that has not been accepted cannot make this
 * side buffer a payload. A decoder holds one only until the handshake is done.
 */
final class HandshakeGate {

    /** The only headers allowed. */
    private final Set<HeaderKind> allowed;

    HandshakeGate(HeaderKind first, HeaderKind... more) {
        allowed = EnumSet.of(first, more);
    }

    /**
     * @throws ProtocolException when a header of this kind is not allowed now
     */
    void check(HeaderKind kind) throws ProtocolException {
        if (!allowed.contains(kind)) {
            throw refused(kind.name());
        }
    }

    /**
     * @throws ProtocolException when a DATA header, announcing {@code size} bytes, is not allowed now
     */
    void checkData(int size) throws ProtocolException {
        if (!allowed.contains(HeaderKind.DATA)) {
            throw refused("a DATA header announcing " + size + " bytes");
        }
    }

    private ProtocolException refused(String got) {
        return new ProtocolException("expected " + allowed.stream().map(Enum::name)
                .collect(Collectors.joining(" or ")) + " during the handshake, got " + got);
    }
}
