package io.p2pboot.discovery;

import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/** Turns a received datagram into a header, counting what is not one: discovery never trusts its input. */
final class DiscoveryDatagrams {

    private DiscoveryDatagrams() {
    }

    /** The header in {@code data}, or {@code null} (counted as oversize or malformed). */
    static @Nullable Header decode(byte[] data, DiscoveryCounters counters) {
        if (data.length > Header.SIZE) {
            counters.oversize.increment();
            return null;
        }
        if (data.length < Header.SIZE) {
            counters.malformed.increment();
            return null;
        }
        try {
            return Header.decode(data);
        } catch (ProtocolException | RuntimeException e) {
            counters.malformed.increment();
            return null;
        }
    }
}
