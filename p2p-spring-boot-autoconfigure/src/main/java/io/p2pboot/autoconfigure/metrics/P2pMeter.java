package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The peer's Micrometer meters, the one place their names, types, units and tags are written;
 * the README's metrics table lists the same. Tags are bounded (see {@link Tag}): never a peer
 * address, so the number of series does not grow with the number of peers.
 */
public enum P2pMeter {

    /** Connections open now, accepted and opened together. */
    CONNECTIONS_ACTIVE("p2p.connections.active", Meter.Type.GAUGE, null, "Open connections"),

    /** Peers continuous discovery knows now (found and not yet lost). */
    PEERS_DISCOVERED("p2p.peers.discovered", Meter.Type.GAUGE, null, "Peers continuous discovery knows"),

    /** Messages received ({@code direction=in}) or sent ({@code out}), per data type. */
    MESSAGES("p2p.messages", Meter.Type.COUNTER, null, "Messages received or sent", Tag.DIRECTION, Tag.TYPE),

    /** Payload bytes (headers not counted) received or sent, per data type. */
    BYTES("p2p.bytes", Meter.Type.COUNTER, "bytes", "Payload bytes received or sent", Tag.DIRECTION, Tag.TYPE),

    /** Handshakes that ended in a connection, by either side, and their total time (in the registry's time unit). */
    HANDSHAKE("p2p.handshake", Meter.Type.TIMER, null, "Handshakes that ended in a connection, and their time"),

    /** Connection offers this peer answered with DENY, whatever the reason (limit, handler, unproven name). */
    OFFERS_DENIED("p2p.offers.denied", Meter.Type.COUNTER, null, "Connection offers answered with DENY"),

    /** Connections and handshakes closed for breaking the protocol (bad headers, sizes, types, payloads). */
    PROTOCOL_ERRORS("p2p.protocol.errors", Meter.Type.COUNTER, null, "Sockets closed for breaking the protocol");

    private final String meterName;
    private final Meter.Type type;
    private final @Nullable String baseUnit;
    private final String description;
    private final List<Tag> tags;

    P2pMeter(String meterName, Meter.Type type, @Nullable String baseUnit, String description, Tag... tags) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tags = List.of(tags);
    }

    /** The name the meter is registered under, such as {@code p2p.messages}. */
    public String meterName() {
        return meterName;
    }

    /** What kind of meter it is (a function counter reports as a counter, a function timer as a timer). */
    public Meter.Type type() {
        return type;
    }

    /** The base unit given to Micrometer, or {@code null} for a plain count (timers take the registry's time unit). */
    public @Nullable String baseUnit() {
        return baseUnit;
    }

    /** The description given to Micrometer. */
    public String description() {
        return description;
    }

    /** The tags each series of this meter carries, in order; empty for a meter with one series. */
    public List<Tag> tags() {
        return tags;
    }

    /** The bounded tags of the peer's meters. */
    public enum Tag {

        /** {@code in} for received, {@code out} for sent. */
        DIRECTION("direction"),

        /** The data type, lower case: {@code json}, {@code bytes} or {@code raw}. */
        TYPE("type");

        private final String key;

        Tag(String key) {
            this.key = key;
        }

        /** The tag's key, such as {@code direction}. */
        public String key() {
            return key;
        }
    }
}
