package io.p2pboot.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The peer's Micrometer meters, the one place their names, types, units and tags are written;
 * the README's metrics table lists the same. Tags are bounded (see {@link Tag}): never a peer
 * address, so the number of series does not grow with the number of peers. The discovery meters
 * exist when the peer has discovery; the handler meters once a handler method has been called.
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
    PROTOCOL_ERRORS("p2p.protocol.errors", Meter.Type.COUNTER, null, "Sockets closed for breaking the protocol"),

    /** Calls of annotated handler methods, per event, data type, method and outcome, and their time. */
    HANDLER_DURATION("p2p.handler.duration", Meter.Type.TIMER, null, "Handler method calls, and their time",
            Tag.EVENT, Tag.TYPE, Tag.HANDLER, Tag.OUTCOME),

    /** Calls of annotated handler methods that threw (or whose payload did not convert), per exception. */
    HANDLER_ERRORS("p2p.handler.errors", Meter.Type.COUNTER, null, "Handler method calls that failed",
            Tag.EVENT, Tag.TYPE, Tag.HANDLER, Tag.EXCEPTION),

    /** Peers the mesh wants ({@code p2p.mesh.enabled}) that have an open connection. */
    MESH_CONNECTED("p2p.mesh.connected", Meter.Type.GAUGE, null, "Mesh peers connected"),

    /** Peers the mesh keeps connections with, connected or not. */
    MESH_WANTED("p2p.mesh.wanted", Meter.Type.GAUGE, null, "Mesh peers wanted"),

    /** Connections the mesh lost and opened again. */
    MESH_RECONNECTS("p2p.mesh.reconnects", Meter.Type.COUNTER, null, "Mesh connections restored"),

    /** Peers the mesh stopped dialling (a DENY, or lost and unreachable past give-up-after). */
    MESH_GAVE_UP("p2p.mesh.gave.up", Meter.Type.COUNTER, null, "Mesh peers given up"),

    /** Discovery probes (PING broadcasts) sent. */
    DISCOVERY_PROBES("p2p.discovery.probes", Meter.Type.COUNTER, null, "Discovery probes sent"),

    /** Well-formed PINGs the discovery responder received. */
    DISCOVERY_PINGS("p2p.discovery.pings", Meter.Type.COUNTER, null, "Well-formed PINGs received"),

    /** PONGs sent in reply to PINGs. */
    DISCOVERY_REPLIES("p2p.discovery.replies", Meter.Type.COUNTER, null, "PONGs sent in reply to PINGs"),

    /**
     * PINGs left unanswered, per reason: {@code invisible} (or not listening), {@code rate-limited},
     * {@code bad-pinger} (no IPv4 {@code ip:port} to reply to), {@code foreign-pinger} (a reply would
     * go to another host than the one that sent it).
     */
    DISCOVERY_UNANSWERED("p2p.discovery.unanswered", Meter.Type.COUNTER, null, "PINGs left unanswered",
            Tag.REASON),

    /** Valid PONGs the prober received. */
    DISCOVERY_PONGS("p2p.discovery.pongs", Meter.Type.COUNTER, null, "Valid PONGs received"),

    /**
     * Datagrams dropped, per reason: {@code malformed} (not a valid header), {@code oversize} (longer
     * than a header), {@code unexpected} (a valid header of a kind the socket does not expect),
     * {@code bad-pong} (no IPv4 {@code ip:port} in it), {@code unreachable-pong} (naming an address
     * no peer can listen on or this peer cannot reach).
     */
    DISCOVERY_DROPPED("p2p.discovery.dropped", Meter.Type.COUNTER, null,
            "Datagrams dropped as malformed, hostile or unexpected", Tag.REASON),

    /** Peer names heard but not tracked because {@code p2p.discovery.max-peers} new names were known. */
    DISCOVERY_PEERS_IGNORED("p2p.discovery.peers.ignored", Meter.Type.COUNTER, null,
            "Peer names not tracked for max-peers"),

    /** Datagrams the discovery socket failed to send. */
    DISCOVERY_SEND_FAILURES("p2p.discovery.send.failures", Meter.Type.COUNTER, null,
            "Datagrams discovery failed to send"),

    /**
     * Instances of the registry's service skipped (no {@code p2p.port} metadata, a port or address
     * that is not one, a host that does not resolve), each counted when it starts being skipped.
     * Exists when Spring Cloud discovery is on.
     */
    REGISTRY_INSTANCES_SKIPPED("p2p.registry.instances.skipped", Meter.Type.COUNTER, null,
            "Registry instances skipped for lacking usable p2p metadata");

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

        /** The data type, lower case: {@code json}, {@code bytes} or {@code raw}; {@code none} for a peer event. */
        TYPE("type"),

        /**
         * A handler's event: {@code offer}, {@code data}, {@code close}, {@code connection},
         * {@code listen}, {@code stop}.
         */
        EVENT("event"),

        /** A handler method: its class's simple name and its name, such as {@code Chat.received}. */
        HANDLER("handler"),

        /** How a handler call ended: {@code success} or {@code error}. */
        OUTCOME("outcome"),

        /** The simple class name of what a handler threw. */
        EXCEPTION("exception"),

        /** Why a discovery datagram was dropped or a PING unanswered. */
        REASON("reason");

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
