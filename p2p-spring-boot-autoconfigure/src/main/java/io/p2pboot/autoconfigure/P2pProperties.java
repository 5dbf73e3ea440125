package io.p2pboot.autoconfigure;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.codec.PickleLimits;
import io.p2pboot.peer.HandlerDispatch;
import io.p2pboot.peer.SessionConfig;
import io.p2pboot.protocol.DataType;
import io.p2pboot.protocol.Printable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the application's peer ({@code p2p.*}). Out-of-range values fail start-up with
 * a message naming the property.
 */
@ConfigurationProperties("p2p")
public class P2pProperties {

    /** Whether to create and start a peer. */
    private boolean enabled = true;

    /**
     * IP address the peer listens on (any spelling; IPv6 with or without brackets), or localhost;
     * its IP is the first part of the peer's name, so it must be reachable by other peers. See the
     * README's "Peer addresses".
     */
    private String address = "127.0.0.1";

    /** TCP port the peer listens on; 0 picks a free one. */
    private int port = 0;

    /** Data type of the connections this peer opens. */
    private DataType dataType = DataType.JSON;

    /** Whether connections this peer opens are strict: a message of another data type closes them. */
    private boolean strict = true;

    /** Whether connections this peer opens stream fixed-size payloads without headers. */
    private boolean stream = false;

    /** Fixed message size of the streaming connections this peer opens; 0 learns it from the first message. */
    private DataSize streamSize = DataSize.ofBytes(0);

    /** Limit on a connection handshake (both sides), and on how long a blocking send waits for a slow receiver. */
    private Duration timeout = Duration.ofSeconds(2);

    /**
     * Most connections at once (accepted and opened together); further offers are denied. The
     * default, 1024, is what a laptop serves while max-buffered bounds their memory; 0 for no limit.
     */
    private int maxConnections = 1024;

    /** Largest message accepted; a larger one closes its connection before anything is buffered. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(16);

    /** Most received bytes a connection holds for its handlers before it stops reading (the sender then slows down). */
    private DataSize inboundBuffer = DataSize.ofMegabytes(4);

    /**
     * Most received bytes all connections hold together (payloads being received, messages
     * waiting for handlers). A message's announced size is reserved at its header; a connection
     * whose next message does not fit stops reading until handlers free memory (backpressure:
     * nothing is refused); while connections wait, a message still incomplete dead-after after
     * its header closes its connection. At least max-message-size.
     */
    private DataSize maxBuffered = DataSize.ofMegabytes(256);

    /** Whether the peer stays silent to discovery probes. */
    private boolean invisible = false;

    /**
     * Idle time after which a PING is sent on a connection; 0 never pings. With many connections
     * a PING may come up to an eighth of the shorter of this and dead-after late.
     */
    private Duration keepAlive = Duration.ofSeconds(2);

    /** Silence after which a connection counts as dead and is closed; 0 never. */
    private Duration deadAfter = Duration.ofSeconds(10);

    /** How long a graceful stop waits for connections to send what they queued and close. */
    private Duration stopTimeout = Duration.ofSeconds(5);

    /**
     * The IP other peers are given instead of p2p.address: in the peer's name, its HELLOs, its
     * discovery replies and its registry metadata. Set it when the listening address is not the
     * one others reach, e.g. p2p.address=0.0.0.0 in a container whose host others dial. Unset: p2p.address.
     */
    private @Nullable String advertisedAddress;

    /** Whether a failure to start listening fails application start-up; when off, health reports it as DOWN. */
    private boolean failFast = true;

    /**
     * Peers to find by address, host:port ([v6]:port for IPv6), host names allowed. Each is
     * resolved again every discovery interval (so a name that moves is followed) and found while a
     * TCP connection to it opens; one that stops accepting is lost after discovery.lost-after
     * rounds. Works with discovery.enabled=false: then only the seeds are looked for.
     */
    private List<String> seeds = new ArrayList<>();

    private final Discovery discovery = new Discovery();

    private final Ssl ssl = new Ssl();

    private final Pipe pipe = new Pipe();

    private final Handlers handlers = new Handlers();

    private final Pickle pickle = new Pickle();

    private final Mesh mesh = new Mesh();

    private final Sessions sessions = new Sessions();

    private final Stun stun = new Stun();

    private final Cloud cloud = new Cloud();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = Checks.listenAddress("p2p.address", address); }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = Checks.port("p2p.port", port); }
    public DataType getDataType() { return dataType; }
    public void setDataType(DataType dataType) { this.dataType = dataType; }
    public boolean isStrict() { return strict; }
    public void setStrict(boolean strict) { this.strict = strict; }
    public boolean isStream() { return stream; }
    public void setStream(boolean stream) { this.stream = stream; }
    public DataSize getStreamSize() { return streamSize; }
    public void setStreamSize(DataSize streamSize) { this.streamSize = Checks.notNegative("p2p.stream-size", streamSize); }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = Checks.positive("p2p.timeout", timeout); }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = Checks.atLeast("p2p.max-connections", maxConnections, 0); }
    public DataSize getMaxMessageSize() { return maxMessageSize; }
    public void setMaxMessageSize(DataSize maxMessageSize) { this.maxMessageSize = Checks.positiveInt("p2p.max-message-size", maxMessageSize); }
    public DataSize getInboundBuffer() { return inboundBuffer; }
    public void setInboundBuffer(DataSize inboundBuffer) { this.inboundBuffer = Checks.positiveInt("p2p.inbound-buffer", inboundBuffer); }
    public DataSize getMaxBuffered() { return maxBuffered; }
    public void setMaxBuffered(DataSize maxBuffered) { this.maxBuffered = Checks.positive("p2p.max-buffered", maxBuffered); }
    public boolean isInvisible() { return invisible; }
    public void setInvisible(boolean invisible) { this.invisible = invisible; }
    public Duration getKeepAlive() { return keepAlive; }
    public void setKeepAlive(Duration keepAlive) { this.keepAlive = Checks.notNegative("p2p.keep-alive", keepAlive); }
    public Duration getDeadAfter() { return deadAfter; }
    public void setDeadAfter(Duration deadAfter) { this.deadAfter = Checks.notNegative("p2p.dead-after", deadAfter); }
    public Duration getStopTimeout() { return stopTimeout; }
    public void setStopTimeout(Duration stopTimeout) { this.stopTimeout = Checks.positive("p2p.stop-timeout", stopTimeout); }
    public @Nullable String getAdvertisedAddress() { return advertisedAddress; }
    public void setAdvertisedAddress(@Nullable String advertisedAddress) {
        this.advertisedAddress = advertisedAddress == null || advertisedAddress.isBlank() ? null
                : Checks.reachableIp("p2p.advertised-address", advertisedAddress);
    }
    public boolean isFailFast() { return failFast; }
    public void setFailFast(boolean failFast) { this.failFast = failFast; }
    public List<String> getSeeds() { return seeds; }
    public void setSeeds(List<String> seeds) { this.seeds = new ArrayList<>(seeds); }
    public Discovery getDiscovery() { return discovery; }
    public Ssl getSsl() { return ssl; }
    public Pipe getPipe() { return pipe; }
    public Handlers getHandlers() { return handlers; }
    public Pickle getPickle() { return pickle; }
    public Mesh getMesh() { return mesh; }
    public Sessions getSessions() { return sessions; }
    public Stun getStun() { return stun; }
    public Cloud getCloud() { return cloud; }

    /** Finding peers by UDP broadcast (Peerpy's PING/PONG). */
    public static class Discovery {

        /** Whether to answer probes and probe for peers every interval. */
        private boolean enabled = true;

        /**
         * UDP port of discovery, the same on every peer. 0 takes a free port at start-up (shown in
         * the health details), for tests that run in parallel: such a peer finds only peers told that port.
         */
        private int port = 1024;

        /**
         * Addresses probes are broadcast to. Empty means the broadcast address of each up, non-loopback
         * IPv4 interface (the local network); use 127.255.255.255 to stay on this machine.
         */
        private List<String> broadcastAddress = new ArrayList<>();

        /**
         * Local address the discovery socket binds. Empty binds each broadcast address, so that only
         * what is broadcast there is heard (127.255.255.255: this machine only), or every interface
         * (0.0.0.0) when broadcast-address is empty too.
         */
        private @Nullable String bindAddress;

        /** Longest a probe collects answers. */
        private Duration window = Duration.ofSeconds(2);

        /** Quiet time after the last answer that ends a probe early (Peerpy waits 0.5 s). */
        private Duration quietPeriod = Duration.ofMillis(500);

        /** Time between two probes of continuous discovery. */
        private Duration interval = Duration.ofSeconds(5);

        /** Probes in a row a peer may miss before it is reported lost. */
        private int lostAfter = 3;

        /**
         * Most peers discovery tracks (and most new names one probe returns). Beyond it new names are
         * ignored, counted and logged (rate limited) until known peers are lost; known peers are never
         * pushed out, so forged answers cannot flood the peer list.
         */
        private int maxPeers = 256;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getPort() { return port; }
        public void setPort(int port) {
            this.port = Checks.port("p2p.discovery.port", port);
        }
        public List<String> getBroadcastAddress() { return broadcastAddress; }
        public void setBroadcastAddress(List<String> broadcastAddress) {
            broadcastAddress.forEach(ip -> Checks.ipLiteral("p2p.discovery.broadcast-address", ip));
            this.broadcastAddress = broadcastAddress;
        }
        public @Nullable String getBindAddress() { return bindAddress; }
        public void setBindAddress(@Nullable String bindAddress) {
            this.bindAddress = bindAddress == null || bindAddress.isEmpty() ? null
                    : Checks.ipLiteral("p2p.discovery.bind-address", bindAddress);
        }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = Checks.positive("p2p.discovery.window", window); }
        public Duration getQuietPeriod() { return quietPeriod; }
        public void setQuietPeriod(Duration quietPeriod) { this.quietPeriod = Checks.positive("p2p.discovery.quiet-period", quietPeriod); }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = Checks.positive("p2p.discovery.interval", interval); }
        public int getLostAfter() { return lostAfter; }
        public void setLostAfter(int lostAfter) { this.lostAfter = Checks.atLeast("p2p.discovery.lost-after", lostAfter, 1); }
        public int getMaxPeers() { return maxPeers; }
        public void setMaxPeers(int maxPeers) { this.maxPeers = Checks.atLeast("p2p.discovery.max-peers", maxPeers, 1); }
    }

    private final Dns dns = new Dns();

    public Dns getDns() { return dns; }

    /**
     * Peers looked up in DNS (what a Kubernetes headless service or a registry's DNS interface
     * publishes), tagged {@code dns}. A name's answer is kept for the shorter of interval and its
     * records' TTL. Found peers are not probed: DNS says which exist.
     */
    public static class Dns {

        /**
         * Names to look peers up under. A name starting with '_' (_p2p._tcp.example.internal) is an
         * SRV name: each record is a peer at its target's addresses and the record's port. Any other
         * is an A/AAAA name: each address is a peer on dns.port. Works with discovery.enabled=false.
         */
        private List<String> names = new ArrayList<>();

        /** Port of the peers found under A/AAAA names; required when such a name is given (SRV records carry their own). */
        private @Nullable Integer port;

        /** Longest a name's answer is kept before it is looked up again; a shorter TTL of its records wins. */
        private Duration interval = Duration.ofSeconds(30);

        /**
         * DNS servers the names are asked, ip or ip:port ([ipv6]:port), port 53 when omitted. Empty:
         * the system's (/etc/resolv.conf). Each lookup is bounded by pipe.dns-timeout.
         */
        private List<String> servers = new ArrayList<>();

        public List<String> getNames() { return names; }
        public void setNames(List<String> names) { this.names = new ArrayList<>(names); }
        public @Nullable Integer getPort() { return port; }
        public void setPort(@Nullable Integer port) {
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("p2p.dns.port must be a port from 1 to 65535, was " + port);
            }
            this.port = port;
        }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = Checks.positive("p2p.dns.interval", interval); }
        public List<String> getServers() { return servers; }
        public void setServers(List<String> servers) {
            servers.forEach(Dns::server);
            this.servers = new ArrayList<>(servers);
        }

        /** The servers as socket addresses. */
        List<InetSocketAddress> serverAddresses() {
            return servers.stream().map(Dns::server).toList();
        }

        /** ip:port or [ipv6]:port, or an IP alone on port 53; never a name (it would need DNS itself). */
        private static InetSocketAddress server(String text) {
            PeerAddress withPort = PeerAddress.tryParse(text == null ? null : text.trim());
            if (withPort != null) {
                return withPort.socketAddress();
            }
            try {
                return new InetSocketAddress(PeerAddress.parseIp(text == null ? null : text.trim()), 53);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("p2p.dns.servers: " + Printable.quoted(text)
                        + " is not ip, ip:port or [ipv6]:port: " + e.getMessage(), e);
            }
        }
    }

    /** TLS for the peer's connections, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
    public static class Ssl {

        /** Name of the SSL bundle with the peer's key and the certificates it trusts; setting it turns TLS on. */
        private @Nullable String bundle;

        /** Whether the listening side asks connecting peers for a certificate. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /** Whether a connecting peer checks that the certificate names the address it dialled. */
        private boolean verifyHostname = true;

        /**
         * Whether a connecting peer's name (its HELLO's ip:port) must be an IP its certificate names
         * (subject alternative name of type IP); an offer whose certificate does not name it, or
         * that comes without a certificate, is denied. Unset: on when client-auth is want or need.
         */
        private @Nullable Boolean verifyPeerName;

        public @Nullable String getBundle() { return bundle; }
        public void setBundle(@Nullable String bundle) { this.bundle = bundle; }
        public ClientAuth getClientAuth() { return clientAuth; }
        public void setClientAuth(ClientAuth clientAuth) { this.clientAuth = clientAuth; }
        public boolean isVerifyHostname() { return verifyHostname; }
        public void setVerifyHostname(boolean verifyHostname) { this.verifyHostname = verifyHostname; }
        public @Nullable Boolean getVerifyPeerName() { return verifyPeerName; }
        public void setVerifyPeerName(@Nullable Boolean verifyPeerName) { this.verifyPeerName = verifyPeerName; }

        /** Whether the listening side asks connecting peers for a certificate. */
        public enum ClientAuth {
            /** No client certificate asked. */
            NONE,
            /** A client certificate is asked for and checked when given. */
            WANT,
            /** A client certificate is required. */
            NEED
        }
    }

    /** Settings of every socket the peer opens: P2PD's pipe configuration. */
    public static class Pipe {

        /** Limit on resolving a host name. */
        private Duration dnsTimeout = Duration.ofSeconds(2);

        /** Whether connections use TLS; needs p2p.ssl.bundle. Unset: on exactly when a bundle is named. */
        private @Nullable Boolean useSsl;

        /** Limit on a TLS handshake. */
        private Duration sslHandshake = Duration.ofSeconds(4);

        /** Protocol number the sockets are made with: 0 for the default, or the socket type's own (6 TCP, 17 UDP). */
        private int sockProto = 0;

        /** Default timeout of a pipe's recv. */
        private Duration recvTimeout = Duration.ofSeconds(2);

        /** Limit on establishing a TCP connection; also bounds how long a close waits for queued writes. */
        private Duration conTimeout = Duration.ofSeconds(2);

        /** Bound of each pipe subscription's queue (the oldest message is dropped when full); 0 for none. */
        private int maxQsize = 0;

        /** Whether pipes drop a message already received from the same sender. */
        private boolean enableMsgIds = false;

        /** How many recent message ids are remembered to spot repeats. */
        private int maxMsgIds = 1000;

        /**
         * Whether SO_REUSEADDR is set before binding. Unset: on for the peer's TCP listener (so it
         * can listen on its port again right after a crash) and off for other sockets.
         */
        private @Nullable Boolean reuseAddr;

        /** Whether SO_BROADCAST is set on UDP sockets (discovery sockets always have it). */
        private boolean broadcast = false;

        /** Largest single read, and most received bytes held for slow handlers before reading pauses. */
        private DataSize readerLimit = DataSize.ofKilobytes(64);

        /** Whether an error on a socket closes it. */
        private boolean doClose = true;

        /** SO_LINGER; unset leaves it off, 0 resets connections on close. */
        private @Nullable Duration linger;

        /** How many times a failed UDP send, or an unanswered request, is tried again. */
        private int sendRetry = 2;

        /** Netty I/O threads for the peer's sockets; 0 shares the library's process-wide event loops. */
        private int ioThreads = 0;

        public Duration getDnsTimeout() { return dnsTimeout; }
        public void setDnsTimeout(Duration dnsTimeout) { this.dnsTimeout = Checks.positive("p2p.pipe.dns-timeout", dnsTimeout); }
        public @Nullable Boolean getUseSsl() { return useSsl; }
        public void setUseSsl(@Nullable Boolean useSsl) { this.useSsl = useSsl; }
        public Duration getSslHandshake() { return sslHandshake; }
        public void setSslHandshake(Duration sslHandshake) { this.sslHandshake = Checks.positive("p2p.pipe.ssl-handshake", sslHandshake); }
        public int getSockProto() { return sockProto; }
        public void setSockProto(int sockProto) { this.sockProto = Checks.atLeast("p2p.pipe.sock-proto", sockProto, 0); }
        public Duration getRecvTimeout() { return recvTimeout; }
        public void setRecvTimeout(Duration recvTimeout) { this.recvTimeout = Checks.positive("p2p.pipe.recv-timeout", recvTimeout); }
        public Duration getConTimeout() { return conTimeout; }
        public void setConTimeout(Duration conTimeout) { this.conTimeout = Checks.positive("p2p.pipe.con-timeout", conTimeout); }
        public int getMaxQsize() { return maxQsize; }
        public void setMaxQsize(int maxQsize) { this.maxQsize = Checks.atLeast("p2p.pipe.max-qsize", maxQsize, 0); }
        public boolean isEnableMsgIds() { return enableMsgIds; }
        public void setEnableMsgIds(boolean enableMsgIds) { this.enableMsgIds = enableMsgIds; }
        public int getMaxMsgIds() { return maxMsgIds; }
        public void setMaxMsgIds(int maxMsgIds) { this.maxMsgIds = Checks.atLeast("p2p.pipe.max-msg-ids", maxMsgIds, 1); }
        public @Nullable Boolean getReuseAddr() { return reuseAddr; }
        public void setReuseAddr(@Nullable Boolean reuseAddr) { this.reuseAddr = reuseAddr; }
        public boolean isBroadcast() { return broadcast; }
        public void setBroadcast(boolean broadcast) { this.broadcast = broadcast; }
        public DataSize getReaderLimit() { return readerLimit; }
        public void setReaderLimit(DataSize readerLimit) { this.readerLimit = Checks.positiveInt("p2p.pipe.reader-limit", readerLimit); }
        public boolean isDoClose() { return doClose; }
        public void setDoClose(boolean doClose) { this.doClose = doClose; }
        public @Nullable Duration getLinger() { return linger; }
        public void setLinger(@Nullable Duration linger) { this.linger = linger == null ? null : Checks.notNegative("p2p.pipe.linger", linger); }
        public int getSendRetry() { return sendRetry; }
        public void setSendRetry(int sendRetry) { this.sendRetry = Checks.atLeast("p2p.pipe.send-retry", sendRetry, 0); }
        public int getIoThreads() { return ioThreads; }
        public void setIoThreads(int ioThreads) { this.ioThreads = Checks.atLeast("p2p.pipe.io-threads", ioThreads, 0); }
    }

    /** How handlers behave and where they run. */
    public static class Handlers {

        /**
         * Whether a handler method's failure (what it throws, a payload it cannot take or that is
         * not valid) closes its connection; it is always logged. For the default error handler: an
         * application's P2pErrorHandler bean decides for itself.
         */
        private boolean closeOnError = false;

        /**
         * Where handlers run: {@code virtual} (a virtual thread per task; Java 21+) or {@code pool} (a
         * bounded pool of platform threads, {@code p2p.handlers.pool.*}). Unset: {@code virtual} when
         * {@code spring.threads.virtual.enabled} is on (and the JVM has virtual threads), else {@code pool}.
         * Either way a connection's handlers run one at a time, in arrival order.
         */
        private @Nullable ExecutorKind executor;

        /**
         * Where data handlers ({@code @OnData} methods and the peer's own) run: {@code executor} (on
         * the handler executor; they may block) or {@code event-loop} (on the connection's event loop
         * as each message is read, two thread hand-offs sooner; only for handlers that never block,
         * and one that runs longer than 10 ms there is logged once by name). A method's
         * {@code @OnData(dispatch = ...)} overrides it for that method.
         */
        private HandlerDispatch dispatch = HandlerDispatch.EXECUTOR;

        private final Pool pool = new Pool();

        public boolean isCloseOnError() { return closeOnError; }
        public void setCloseOnError(boolean closeOnError) { this.closeOnError = closeOnError; }
        public @Nullable ExecutorKind getExecutor() { return executor; }
        public void setExecutor(@Nullable ExecutorKind executor) { this.executor = executor; }
        public HandlerDispatch getDispatch() { return dispatch; }
        public void setDispatch(HandlerDispatch dispatch) { this.dispatch = dispatch; }
        public Pool getPool() { return pool; }

        /** The kinds of handler executor. */
        public enum ExecutorKind {
            /** A virtual thread per task: blocking handlers cost no platform thread (Java 21+). */
            VIRTUAL,
            /** A bounded pool of platform threads. */
            POOL
        }

        /** The platform-thread pool of {@code p2p.handlers.executor=pool}. */
        public static class Pool {

            /**
             * Threads: as many handlers (of as many connections) can block at once; further tasks
             * wait their turn, each connection's in order, bounded by its inbound buffer.
             */
            private int size = 16;

            /** How long an idle thread lives before it ends (a new one starts with the next task). */
            private Duration keepAlive = Duration.ofSeconds(60);

            /** How long closing the context waits for running handlers to finish. */
            private Duration awaitTermination = Duration.ofSeconds(10);

            public int getSize() { return size; }
            public void setSize(int size) { this.size = Checks.atLeast("p2p.handlers.pool.size", size, 1); }
            public Duration getKeepAlive() { return keepAlive; }
            public void setKeepAlive(Duration keepAlive) { this.keepAlive = Checks.positive("p2p.handlers.pool.keep-alive", keepAlive); }
            public Duration getAwaitTermination() { return awaitTermination; }
            public void setAwaitTermination(Duration awaitTermination) {
                this.awaitTermination = Checks.notNegative("p2p.handlers.pool.await-termination", awaitTermination);
            }
        }
    }

    /**
     * Budgets of decoding {@code raw} (pickle) messages, which bound the value as the application
     * will walk it; a message over one closes its connection with the budget as the reason.
     */
    public static class Pickle {

        /**
         * Most nodes of a value, a shared part counted each time it is referred to (a str, bytes or
         * big int counts one per 8 bytes). A pickle without sharing has at most one node per byte,
         * so keep this at least p2p.max-message-size in bytes.
         */
        private long maxNodes = PickleLimits.DEFAULT_MAX_NODES;

        /** Deepest nesting of lists, tuples, dicts and sets ({@code [[1]]} is 2). */
        private int maxDepth = PickleLimits.DEFAULT_MAX_DEPTH;

        /** Java objects decoding may allocate per byte of pickle (plus 4096 for any pickle). */
        private double maxObjectsPerByte = PickleLimits.DEFAULT_MAX_OBJECTS_PER_BYTE;

        /** Most values waiting on the decoder's stack outside any container (a big tuple's items are; at least 16). */
        private int maxStack = PickleLimits.DEFAULT_MAX_STACK;

        public long getMaxNodes() { return maxNodes; }
        public void setMaxNodes(long maxNodes) { this.maxNodes = Checks.atLeast("p2p.pickle.max-nodes", maxNodes, 1L); }
        public int getMaxDepth() { return maxDepth; }
        public void setMaxDepth(int maxDepth) { this.maxDepth = Checks.atLeast("p2p.pickle.max-depth", maxDepth, 1); }
        public double getMaxObjectsPerByte() { return maxObjectsPerByte; }
        public void setMaxObjectsPerByte(double maxObjectsPerByte) {
            this.maxObjectsPerByte = Checks.positive("p2p.pickle.max-objects-per-byte", maxObjectsPerByte);
        }

        public int getMaxStack() { return maxStack; }
        public void setMaxStack(int maxStack) { this.maxStack = Checks.atLeast("p2p.pickle.max-stack", maxStack, 16); }

        /** These budgets for the raw codec. */
        PickleLimits toLimits() {
            return PickleLimits.of(maxNodes, maxDepth, maxObjectsPerByte, maxStack);
        }
    }

    /**
     * The mesh: the peer connects to every peer its sources find (broadcast, seeds, ...), keeps
     * those connections, and dials again, with back-off, one that ends for any reason but a close
     * by this side or a DENY.
     */
    public static class Mesh {

        /** Whether the peer joins the mesh. A MeshFilter bean chooses among the peers found. */
        private boolean enabled = false;

        /** Most peers the mesh keeps connections with; peers found beyond that are left alone. */
        private int maxPeers = 64;

        /**
         * How long a peer may stay unreachable once its sources no longer list it, before the mesh
         * stops dialling it (a MeshGaveUpEvent tells); while they list it, the mesh keeps on.
         */
        private Duration giveUpAfter = Duration.ofMinutes(5);

        private final Reconnect reconnect = new Reconnect();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getMaxPeers() { return maxPeers; }
        public void setMaxPeers(int maxPeers) { this.maxPeers = Checks.atLeast("p2p.mesh.max-peers", maxPeers, 1); }
        public Duration getGiveUpAfter() { return giveUpAfter; }
        public void setGiveUpAfter(Duration giveUpAfter) { this.giveUpAfter = Checks.notNegative("p2p.mesh.give-up-after", giveUpAfter); }
        public Reconnect getReconnect() { return reconnect; }

        /** The back-off between dials of a peer whose connection ended: initial, times multiplier each time, at most max, each spread by 20 % either way. */
        public static class Reconnect {

            /** The wait before the first dial after a connection ends. */
            private Duration initial = Duration.ofMillis(500);

            /** The longest wait between two dials. */
            private Duration max = Duration.ofSeconds(30);

            /** How much each failed dial lengthens the wait (at least 1). */
            private double multiplier = 2.0;

            public Duration getInitial() { return initial; }
            public void setInitial(Duration initial) { this.initial = Checks.positive("p2p.mesh.reconnect.initial", initial); }
            public Duration getMax() { return max; }
            public void setMax(Duration max) { this.max = Checks.positive("p2p.mesh.reconnect.max", max); }
            public double getMultiplier() { return multiplier; }
            public void setMultiplier(double multiplier) {
                if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                    throw new IllegalArgumentException("p2p.mesh.reconnect.multiplier must be at least 1, not " + multiplier);
                }
                this.multiplier = multiplier;
            }
        }
    }

    /**
     * Acknowledged, resumable sessions with other peers of this library: each message is kept until
     * the other side's handler ran, and a connection dialled again (by connect or the mesh, from
     * either side) within resume-within goes on where it broke, each message handled once and in
     * order. Python peers never see it: their connections stay as Peerpy's.
     */
    public static class Sessions {

        /**
         * Whether the peer offers sessions on the connections it dials and accepts them on those
         * it is offered. On a connection with one, a send's future completes when the other
         * side's handler ran, not when written.
         */
        private boolean enabled = false;

        /**
         * The most bytes a session keeps sent and not yet acknowledged, each message's payload and
         * its 128-byte header: beyond it, send
         * waits (at most p2p.timeout, then a SendTimeoutException) and sendAsync fails at once
         * (SessionFullException). Raise it for a link whose bandwidth times round trip exceeds it
         * (4MB allows about 40 MB/s at a 100 ms round trip); larger than needed, it costs
         * throughput, the sender writing into memory that has left the cache.
         */
        private DataSize maxUnacked = DataSize.ofMegabytes(4);

        /**
         * How long a session outlives its connection. Dialled again within it, the session
         * resumes; past it, it ends: the messages it had not delivered fail
         * (SessionExpiredException) and a SessionExpiredEvent says how many.
         */
        private Duration resumeWithin = Duration.ofSeconds(60);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public DataSize getMaxUnacked() { return maxUnacked; }
        public void setMaxUnacked(DataSize maxUnacked) { this.maxUnacked = Checks.positive("p2p.sessions.max-unacked", maxUnacked); }
        public Duration getResumeWithin() { return resumeWithin; }
        public void setResumeWithin(Duration resumeWithin) {
            this.resumeWithin = Checks.positive("p2p.sessions.resume-within", resumeWithin);
        }

        /** The core's settings, or {@code null} when sessions are off. */
        public @Nullable SessionConfig toConfig() {
            return enabled ? new SessionConfig(maxUnacked.toBytes(), resumeWithin) : null;
        }
    }

    /** The public mapping found at start-up by a STUN server of the application's choosing; nothing is asked without one. */
    public static class Stun {

        /**
         * The STUN server, host:port (e.g. a coturn of your own). Once the peer listens it asks
         * which address the server sees a UDP socket on the peer's IP come from; health shows the
         * answer (stun.mappedAddress) or why there is none. A failure never stops the application.
         */
        private @Nullable String server;

        /** The wait for each try's answer; the request is sent 1 + p2p.pipe.send-retry times. */
        private Duration timeout = Duration.ofSeconds(2);

        public @Nullable String getServer() { return server; }
        public void setServer(@Nullable String server) {
            this.server = server == null || server.isBlank() ? null : Checks.hostAndPort("p2p.stun.server", server);
        }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = Checks.positive("p2p.stun.timeout", timeout); }
    }

    /**
     * Peers found through the application's Spring Cloud service registries (its
     * {@code DiscoveryClient}s), and this peer's port and address published in its own registration.
     */
    public static class Cloud {

        /** Whether to find peers through the registries and publish this peer's p2p.port and p2p.address metadata. */
        private boolean enabled = true;

        /** Service whose instances are the peers. Unset: spring.application.name (else "application", as Spring Cloud registers it). */
        private @Nullable String serviceId;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public @Nullable String getServiceId() { return serviceId; }
        public void setServiceId(@Nullable String serviceId) {
            this.serviceId = serviceId == null || serviceId.isBlank() ? null : serviceId.strip();
        }
    }
}
