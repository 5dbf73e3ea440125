package io.p2pboot.protocol;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The headers a connection may send while its handshake is pending: any other header, a DATA
 * header above all, is refused at once, so a peer that has not been accepted cannot make this
 * side buffer a payload. Open (everything allowed) until {@link #await} and after {@link #open}.
 */
final class HandshakeGate {

    /** The only headers allowed; {@code null} when no handshake is pending. */
    private @Nullable Set<HeaderKind> allowed;

    /** Allows only headers of these kinds until {@link #open()}. */
    void await(HeaderKind first, HeaderKind... more) {
        allowed = EnumSet.of(first, more);
    }

    /** The handshake succeeded: every header is allowed from now on. */
    void open() {
        allowed = null;
    }

    /**
     * @throws ProtocolException when a header of this kind is not allowed now
     */
    void check(HeaderKind kind) throws ProtocolException {
        if (allowed != null && !allowed.contains(kind)) {
            throw refused(kind.name());
        }
    }

    /**
     * @throws ProtocolException when a DATA header, announcing {@code size} bytes, is not allowed now
     */
    void checkData(int size) throws ProtocolException {
        if (allowed != null && !allowed.contains(HeaderKind.DATA)) {
            throw refused("a DATA header announcing " + size + " bytes");
        }
    }

    private ProtocolException refused(String got) {
        Set<HeaderKind> allowed = this.allowed;
        return new ProtocolException("expected " + (allowed == null ? "nothing" : allowed.stream().map(Enum::name)
                .collect(Collectors.joining(" or "))) + " during the handshake, got " + got);
    }
}
