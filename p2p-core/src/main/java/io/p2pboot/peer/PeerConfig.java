package io.p2pboot.peer;

import static io.p2pboot.pipe.ConfigChecks.notNegative;
import static io.p2pboot.pipe.ConfigChecks.positive;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.codec.PayloadCodecs;
import io.p2pboot.discovery.DiscoveryConfig;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.FrameDecoder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A peer's own settings; the sockets it opens take theirs from {@link #pipe()}. Immutable: start
 * from {@link #builder()}.
 */
public final class PeerConfig {

    private final String address;
    private final int port;
    private final DataType dataType;
    private final boolean strict;
    private final boolean stream;
    private final int streamSize;
    private final Duration timeout;
    private final int maxConnections;
    private final int maxMessageSize;
    private final int inboundBuffer;
    private final long maxBuffered;
    private final Duration keepAlive;
    private final Duration deadAfter;
    private final Duration stopTimeout;
    private final boolean verifyPeerName;
    private final HandlerDispatch handlerDispatch;
    private final PipeConfig pipe;
    private final PayloadCodecs codecs;
    private final @Nullable DiscoveryConfig discovery;
    private final List<PeerSource> sources;
    private final PeerObserver observer;
    private final @Nullable InetAddress advertisedAddress;
    private final @Nullable SessionConfig sessions;

    private PeerConfig(Builder b) {
        this.sessions = b.sessions;
        this.address = PeerAddress.parseHost(Objects.requireNonNull(b.address, "address"));
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + b.port);
        }
        this.port = b.port;
        this.dataType = Objects.requireNonNull(b.dataType, "dataType");
        this.strict = b.strict;
        this.stream = b.stream;
        if (b.streamSize < 0 || b.streamSize > 0 && !b.stream) {
            throw new IllegalArgumentException(b.streamSize < 0 ? "streamSize must not be negative"
                    : "streamSize only applies when stream is on");
        }
        this.streamSize = b.streamSize;
        this.timeout = positive("timeout", b.timeout);
        if (b.maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (unlimited) or more, was " + b.maxConnections);
        }
        this.maxConnections = b.maxConnections;
        if (b.maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1 byte, was " + b.maxMessageSize);
        }
        this.maxMessageSize = b.maxMessageSize;
        if (b.inboundBuffer < 1) {
            throw new IllegalArgumentException("inboundBuffer must be at least 1 byte, was " + b.inboundBuffer);
        }
        this.inboundBuffer = b.inboundBuffer;
        if (b.maxBuffered < b.maxMessageSize) {
            throw new IllegalArgumentException("maxBuffered (" + b.maxBuffered + " bytes) must hold at least one message"
                    + " of maxMessageSize (" + b.maxMessageSize + " bytes)");
        }
        this.maxBuffered = b.maxBuffered;
        this.keepAlive = notNegative("keepAlive", b.keepAlive);
        this.deadAfter = notNegative("deadAfter", b.deadAfter);
        this.stopTimeout = positive("stopTimeout", b.stopTimeout);
        this.verifyPeerName = b.verifyPeerName;
        this.handlerDispatch = Objects.requireNonNull(b.handlerDispatch, "handlerDispatch");
        this.pipe = Objects.requireNonNull(b.pipe, "pipe");
        this.codecs = b.codecs != null ? b.codecs : PayloadCodecs.standard();
        this.discovery = b.discovery;
        this.sources = List.copyOf(b.sources);
        this.observer = Objects.requireNonNull(b.observer, "observer");
        this.advertisedAddress = b.advertisedAddress == null ? null : advertised(b.advertisedAddress);
    }

    private static InetAddress advertised(String ip) {
        InetAddress parsed = PeerAddress.parseIp(ip);
        if (parsed.isAnyLocalAddress()) {
            throw new IllegalArgumentException("the advertised address must be one others can reach, not the wildcard " + ip);
        }
        return parsed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The address the peer listens on, whose IP it writes in its name: an IP in canonical form
     * ({@code 127.0.0.1}, {@code ::1}), or {@code localhost}, resolved within the pipe's
     * {@code dns_timeout} as the peer starts. Given in any spelling {@link PeerAddress#parseHost}
     * reads (IPv6 with or without brackets).
     */
    public String address() { return address; }
    /** The TCP port to listen on; 0 for any free one. */
    public int port() { return port; }
    /** The data type of connections this peer opens unless told otherwise. */
    public DataType dataType() { return dataType; }
    /** Whether connections this peer opens are strict unless told otherwise. */
    public boolean strict() { return strict; }
    /** Whether connections this peer opens stream fixed-size payloads unless told otherwise. */
    public boolean stream() { return stream; }
    /** The fixed size of those streams; 0 learns it from the first message. */
    public int streamSize() { return streamSize; }
    /** Limit on a handshake, on both sides, and on how long a blocking send waits. */
    public Duration timeout() { return timeout; }
    /**
     * Most connections at once (accepted and opened together); further offers are denied, and
     * {@code connect} fails. Default 1024: with {@link #maxBuffered()} bounding their memory
     * together, a laptop serves that many; 0 for no limit.
     */
    public int maxConnections() { return maxConnections; }
    /**
     * Largest payload accepted; a larger announced size closes the connection before anything is
     * buffered. Default {@link FrameDecoder#DEFAULT_MAX_MESSAGE_SIZE} (16 MiB).
     */
    public int maxMessageSize() { return maxMessageSize; }
    /**
     * Most received bytes a connection holds for its handlers (or for {@code receive}) before it
     * stops reading and lets TCP slow the sender down. Larger keeps a fast stream flowing while a
     * handler works; smaller bounds memory per connection.
     */
    public int inboundBuffer() { return inboundBuffer; }
    /**
     * Most received bytes all connections hold together: payloads being collected and messages
     * waiting for handlers or {@code receive}. A message's announced size is reserved at its
     * header; a connection whose next message does not fit stops reading (backpressure: TCP
     * slows its sender down) until handlers free enough, in the order connections began to
     * wait. Memory never exceeds it and nothing is refused for it. While connections wait, a
     * message still incomplete {@link #deadAfter()} after its header closes its connection, so
     * that a sender trickling a large message cannot hold the memory others need. At least
     * {@link #maxMessageSize()}, so that any message fits. Default 256 MiB.
     */
    public long maxBuffered() { return maxBuffered; }
    /**
     * How long a connection may be idle before a PING is sent; zero for never. One timer per event
     * loop checks its connections: with many, a PING (or a close after {@link #deadAfter()}) may
     * come up to an eighth of the shorter of the two late.
     */
    public Duration keepAlive() { return keepAlive; }
    /** How long without a byte from the other side before the connection is closed as dead; zero for never. */
    public Duration deadAfter() { return deadAfter; }
    /** How long {@code stop} waits for connections to flush and close. */
    public Duration stopTimeout() { return stopTimeout; }
    /**
     * Whether an offering peer's name must be an IP address its TLS certificate names (a subject
     * alternative name of type IP). Without TLS it has no effect; the name's IP is always checked
     * against the connection's source IP.
     */
    public boolean verifyPeerName() { return verifyPeerName; }
    /** Where data handlers run: the handler executor (the default) or, for handlers that never block, the event loop. */
    public HandlerDispatch handlerDispatch() { return handlerDispatch; }
    public PipeConfig pipe() { return pipe; }
    public PayloadCodecs codecs() { return codecs; }
    /** Discovery settings, or {@code null}: the peer then neither answers nor sends probes. */
    public @Nullable DiscoveryConfig discovery() { return discovery; }
    /**
     * Where peers come from besides broadcast discovery (seeds, ...): their peers join
     * {@link Peer#discoveredPeers()} and the discovered/lost events, tagged with their kind. Their
     * rounds follow {@link #discovery()}'s interval and lost-after rounds; with no discovery
     * settings, the defaults with broadcast off.
     */
    public List<PeerSource> sources() { return sources; }

    /** The IP in the peer's name when it is not the listening one (see {@link Builder#advertisedAddress}); {@code null} otherwise. */
    public @Nullable InetAddress advertisedAddress() { return advertisedAddress; }
    /**
     * Acknowledged, resumable sessions with other peers of this library, or {@code null} (the
     * default): off, and every connection exactly as Peerpy's. With them, each connection this peer
     * dials offers one, and each offer that carries one is answered with it; a Python peer never
     * offers one and ignores the offer, so its connections stay as they are. Streaming connections
     * never have one.
     */
    public @Nullable SessionConfig sessions() { return sessions; }
    /** What watches the peer's connects and offers (to measure or trace them); {@link PeerObserver#NONE} by default. */
    public PeerObserver observer() { return observer; }

    public static final class Builder {
        private String address = "127.0.0.1";
        private int port;
        private DataType dataType = DataType.JSON;
        private boolean strict = true;
        private boolean stream;
        private int streamSize;
        private Duration timeout = Duration.ofSeconds(2);
        private int maxConnections = 1024;
        private int maxMessageSize = FrameDecoder.DEFAULT_MAX_MESSAGE_SIZE;
        private int inboundBuffer = 4 * 1024 * 1024;
        private long maxBuffered = 256L * 1024 * 1024;
        private Duration keepAlive = Duration.ofSeconds(2);
        private Duration deadAfter = Duration.ofSeconds(10);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private boolean verifyPeerName;
        private HandlerDispatch handlerDispatch = HandlerDispatch.EXECUTOR;
        private PipeConfig pipe = PipeConfig.defaults();
        private PayloadCodecs codecs;
        private @Nullable DiscoveryConfig discovery;
        private List<PeerSource> sources = List.of();
        private PeerObserver observer = PeerObserver.NONE;
        private @Nullable String advertisedAddress;
        private @Nullable SessionConfig sessions;

        private Builder() {
        }

        private Builder(PeerConfig c) {
            address = c.address;
            port = c.port;
            dataType = c.dataType;
            strict = c.strict;
            stream = c.stream;
            streamSize = c.streamSize;
            timeout = c.timeout;
            maxConnections = c.maxConnections;
            maxMessageSize = c.maxMessageSize;
            inboundBuffer = c.inboundBuffer;
            maxBuffered = c.maxBuffered;
            keepAlive = c.keepAlive;
            deadAfter = c.deadAfter;
            stopTimeout = c.stopTimeout;
            verifyPeerName = c.verifyPeerName;
            handlerDispatch = c.handlerDispatch;
            pipe = c.pipe;
            codecs = c.codecs;
            discovery = c.discovery;
            sources = c.sources;
            observer = c.observer;
            advertisedAddress = c.advertisedAddress == null ? null : PeerAddress.format(c.advertisedAddress);
            sessions = c.sessions;
        }

        public Builder address(String v) { address = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataType(DataType v) { dataType = v; return this; }
        public Builder strict(boolean v) { strict = v; return this; }
        public Builder stream(boolean v) { stream = v; return this; }
        public Builder streamSize(int v) { streamSize = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder inboundBuffer(int v) { inboundBuffer = v; return this; }
        public Builder maxBuffered(long v) { maxBuffered = v; return this; }
        public Builder keepAlive(Duration v) { keepAlive = v; return this; }
        public Builder deadAfter(Duration v) { deadAfter = v; return this; }
        public Builder stopTimeout(Duration v) { stopTimeout = v; return this; }
        public Builder verifyPeerName(boolean v) { verifyPeerName = v; return this; }
        /** Where data handlers run; {@link HandlerDispatch#EVENT_LOOP} only for handlers that never block. */
        public Builder handlerDispatch(HandlerDispatch v) { handlerDispatch = v; return this; }
        public Builder pipe(PipeConfig v) { pipe = v; return this; }
        public Builder codecs(PayloadCodecs v) { codecs = v; return this; }
        /** Turns discovery on with these settings ({@code null}: off, the default). */
        public Builder discovery(@Nullable DiscoveryConfig v) { discovery = v; return this; }
        /** The peer sources besides broadcast, e.g. a {@link io.p2pboot.discovery.SeedSource}; none by default. */
        public Builder sources(List<PeerSource> v) { sources = List.copyOf(v); return this; }
        /** Watches the peer's connects and offers ({@link PeerObserver#NONE}, the default: nothing does). */
        public Builder observer(PeerObserver v) { observer = v; return this; }
        /**
         * The IP other peers are given, instead of the listening one: in the peer's name (so in its
         * HELLOs and discovery replies), e.g. the host's address for a peer listening on
         * {@code 0.0.0.0} in a container. {@code null} (the default): the listening IP.
         */
        public Builder advertisedAddress(@Nullable String ip) { advertisedAddress = ip; return this; }

        /** Turns acknowledged, resumable sessions on with these settings ({@code null}: off, the default). */
        public Builder sessions(@Nullable SessionConfig v) { sessions = v; return this; }

        public PeerConfig build() {
            return new PeerConfig(this);
        }
    }
}
