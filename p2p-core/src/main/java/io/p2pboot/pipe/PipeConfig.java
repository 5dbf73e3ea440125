package io.p2pboot.pipe;

import static io.p2pboot.pipe.ConfigChecks.atLeast;
import static io.p2pboot.pipe.ConfigChecks.positive;

import io.p2pboot.pipe.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of every socket a pipe opens: P2PD's {@code NET_CONF}, with Java types.
 *
 * <p>Immutable; start from {@link #defaults()} and change what differs with {@link #toBuilder()}.
 * Every option has an effect, described on its builder method.
 */
public final class PipeConfig {

    private static final PipeConfig DEFAULTS = new Builder().build();

    private final Duration dnsTimeout;
    private final List<InetSocketAddress> dnsServers;
    private final boolean useSsl;
    private final @Nullable TlsContexts tls;
    private final Duration sslHandshake;
    private final int sockProto;
    private final Duration recvTimeout;
    private final Duration conTimeout;
    private final int maxQsize;
    private final boolean enableMsgIds;
    private final int maxMsgIds;
    private final @Nullable Boolean reuseAddr;
    private final boolean broadcast;
    private final int readerLimit;
    private final boolean sockOnly;
    private final boolean doClose;
    private final @Nullable Duration linger;
    private final int sendRetry;
    private final @Nullable Transport loop;
    private final @Nullable Executor handlerExecutor;

    private PipeConfig(Builder b) {
        this.dnsTimeout = positive("dns_timeout", b.dnsTimeout);
        this.dnsServers = List.copyOf(b.dnsServers);
        this.useSsl = b.useSsl;
        this.tls = b.tls;
        this.sslHandshake = positive("ssl_handshake", b.sslHandshake);
        this.sockProto = b.sockProto;
        this.recvTimeout = positive("recv_timeout", b.recvTimeout);
        this.conTimeout = positive("con_timeout", b.conTimeout);
        this.maxQsize = atLeast("max_qsize", b.maxQsize, 0);
        this.enableMsgIds = b.enableMsgIds;
        this.maxMsgIds = atLeast("max_msg_ids", b.maxMsgIds, 1);
        this.reuseAddr = b.reuseAddr;
        this.broadcast = b.broadcast;
        this.readerLimit = atLeast("reader_limit", b.readerLimit, 1);
        this.sockOnly = b.sockOnly;
        this.doClose = b.doClose;
        if (b.linger != null && (b.linger.isNegative() || b.linger.toSeconds() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("linger must be zero or more seconds, was " + b.linger);
        }
        this.linger = b.linger;
        this.sendRetry = atLeast("send_retry", b.sendRetry, 0);
        this.loop = b.loop;
        this.handlerExecutor = b.handlerExecutor;
        if (useSsl && tls == null) {
            throw new IllegalArgumentException("use_ssl is on but no TLS certificates are configured (tls)");
        }
        if (sockProto < 0) {
            throw new IllegalArgumentException("sock_proto must be 0 or a protocol number, was " + sockProto);
        }
    }

    /** P2PD's defaults. */
    public static PipeConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Duration dnsTimeout() { return dnsTimeout; }
    public List<InetSocketAddress> dnsServers() { return dnsServers; }
    public boolean useSsl() { return useSsl; }
    public @Nullable TlsContexts tls() { return tls; }
    public Duration sslHandshake() { return sslHandshake; }
    public int sockProto() { return sockProto; }
    public Duration recvTimeout() { return recvTimeout; }
    public Duration conTimeout() { return conTimeout; }
    public int maxQsize() { return maxQsize; }
    public boolean enableMsgIds() { return enableMsgIds; }
    public int maxMsgIds() { return maxMsgIds; }
    /** SO_REUSEADDR as set; {@code null} when unset, which means on for TCP listeners and off for other sockets. */
    public @Nullable Boolean reuseAddr() { return reuseAddr; }

    /**
     * Whether a socket sets SO_REUSEADDR: as configured, else only a TCP listener, so that it can
     * bind its port again at once after a crash (as Netty servers, Tomcat and Python's
     * {@code socketserver} do) while UDP sockets never share a port by accident.
     */
    boolean reuseAddrFor(boolean tcpListener) { return reuseAddr != null ? reuseAddr : tcpListener; }
    public boolean broadcast() { return broadcast; }
    public int readerLimit() { return readerLimit; }
    public boolean sockOnly() { return sockOnly; }
    public boolean doClose() { return doClose; }
    /** SO_LINGER, or {@code null} when off. */
    public @Nullable Duration linger() { return linger; }
    public int sendRetry() { return sendRetry; }
    /** The I/O event loops to run on, or {@code null} for the process-wide shared ones. */
    public @Nullable Transport loop() { return loop; }
    /** Where handlers run, or {@code null} for {@link HandlerExecutors#shared()}. */
    public @Nullable Executor handlerExecutor() { return handlerExecutor; }

    Transport transport() {
        return loop != null ? loop : Transport.shared();
    }

    /**
     * Resolves {@code host} as a pipe with this config would before dialling: IP literals at once,
     * names through {@code /etc/hosts} and then DNS, within {@link #dnsTimeout()}; fails with an
     * {@link java.net.UnknownHostException} that says why.
     */
    public CompletableFuture<InetSocketAddress> resolve(String host, int port) {
        return HostResolver.resolve(host, port, this, transport().group().next());
    }

    /** Where handlers run: the configured executor, or {@link HandlerExecutors#shared()}. */
    public Executor executor() {
        return handlerExecutor != null ? handlerExecutor : HandlerExecutors.shared();
    }

    @Override
    public String toString() {
        return "PipeConfig[dns_timeout=" + dnsTimeout + ", use_ssl=" + useSsl + ", ssl_handshake=" + sslHandshake
                + ", sock_proto=" + sockProto + ", recv_timeout=" + recvTimeout + ", con_timeout=" + conTimeout
                + ", max_qsize=" + maxQsize + ", enable_msg_ids=" + enableMsgIds + ", max_msg_ids=" + maxMsgIds
                + ", reuse_addr=" + reuseAddr + ", broadcast=" + broadcast + ", reader_limit=" + readerLimit
                + ", sock_only=" + sockOnly + ", do_close=" + doClose + ", linger=" + linger
                + ", send_retry=" + sendRetry + "]";
    }

    /** Mutable twin of {@link PipeConfig}; values are checked when {@link #build()} is called. */
    public static final class Builder {
        private Duration dnsTimeout = Duration.ofSeconds(2);
        private List<InetSocketAddress> dnsServers = List.of();
        private boolean useSsl;
        private @Nullable TlsContexts tls;
        private Duration sslHandshake = Duration.ofSeconds(4);
        private int sockProto;
        private Duration recvTimeout = Duration.ofSeconds(2);
        private Duration conTimeout = Duration.ofSeconds(2);
        private int maxQsize;
        private boolean enableMsgIds;
        private int maxMsgIds = 1000;
        private @Nullable Boolean reuseAddr;
        private boolean broadcast;
        private int readerLimit = 64 * 1024;
        private boolean sockOnly;
        private boolean doClose = true;
        private @Nullable Duration linger;
        private int sendRetry = 2;
        private @Nullable Transport loop;
        private @Nullable Executor handlerExecutor;

        private Builder() {
        }

        private Builder(PipeConfig c) {
            dnsTimeout = c.dnsTimeout;
            dnsServers = c.dnsServers;
            useSsl = c.useSsl;
            tls = c.tls;
            sslHandshake = c.sslHandshake;
            sockProto = c.sockProto;
            recvTimeout = c.recvTimeout;
            conTimeout = c.conTimeout;
            maxQsize = c.maxQsize;
            enableMsgIds = c.enableMsgIds;
            maxMsgIds = c.maxMsgIds;
            reuseAddr = c.reuseAddr;
            broadcast = c.broadcast;
            readerLimit = c.readerLimit;
            sockOnly = c.sockOnly;
            doClose = c.doClose;
            linger = c.linger;
            sendRetry = c.sendRetry;
            loop = c.loop;
            handlerExecutor = c.handlerExecutor;
        }

        /** Limit on resolving a destination host name; past it the open fails with {@link java.net.UnknownHostException}. */
        public Builder dnsTimeout(Duration v) { dnsTimeout = v; return this; }

        /** DNS servers to ask; empty means the system's ({@code /etc/resolv.conf}). {@code /etc/hosts} is always read first. */
        public Builder dnsServers(List<InetSocketAddress> v) { dnsServers = List.copyOf(v); return this; }

        /** Whether TCP pipes speak TLS (both client and server); needs {@link #tls(TlsContexts)}. */
        public Builder useSsl(boolean v) { useSsl = v; return this; }

        /** Certificates and trust for TLS. */
        public Builder tls(@Nullable TlsContexts v) { tls = v; return this; }

        /** Limit on the TLS handshake; past it the pipe closes with a timeout reason. */
        public Builder sslHandshake(Duration v) { sslHandshake = v; return this; }

        /**
         * Protocol number for the socket: 0 for the type's default, or the one that matches the pipe
         * (6 for TCP, 17 for UDP). Anything else is refused when the pipe opens, as the OS would.
         */
        public Builder sockProto(int v) { sockProto = v; return this; }

        /** Timeout of {@link Pipe#recv()} when none is given. */
        public Builder recvTimeout(Duration v) { recvTimeout = v; return this; }

        /** Limit on establishing a TCP connection. */
        public Builder conTimeout(Duration v) { conTimeout = v; return this; }

        /** Bound of each subscription's queue, 0 for none; when full the oldest message is dropped and counted. */
        public Builder maxQsize(int v) { maxQsize = v; return this; }

        /** Whether a message already seen from the same sender (same bytes) is dropped. */
        public Builder enableMsgIds(boolean v) { enableMsgIds = v; return this; }

        /** How many recent message ids are remembered for {@link #enableMsgIds(boolean)}. */
        public Builder maxMsgIds(int v) { maxMsgIds = v; return this; }

        /** Whether SO_REUSEADDR is set before binding; {@code null} (the default): on for TCP listeners only. */
        public Builder reuseAddr(@Nullable Boolean v) { reuseAddr = v; return this; }

        /** Whether SO_BROADCAST is set on UDP pipes (needed to send to a broadcast address). */
        public Builder broadcast(boolean v) { broadcast = v; return this; }

        /**
         * Largest single read or datagram a pipe accepts, in bytes, and the most received bytes a pipe
         * holds waiting for its handlers before it stops reading (backpressure). A larger datagram is
         * an error.
         */
        public Builder readerLimit(int v) { readerLimit = v; return this; }

        /**
         * Whether the pipe only opens and configures the socket and leaves reading to the caller:
         * no message reaches handlers or {@code recv}; use {@link Pipe#channel()}.
         */
        public Builder sockOnly(boolean v) { sockOnly = v; return this; }

        /** Whether an error on a socket closes it; when off the error is counted and the pipe goes on. */
        public Builder doClose(boolean v) { doClose = v; return this; }

        /** SO_LINGER; {@code null} leaves it off. Zero makes close reset the connection. */
        public Builder linger(@Nullable Duration v) { linger = v; return this; }

        /** How many times a failed send, or a request without a reply, is tried again. */
        public Builder sendRetry(int v) { sendRetry = v; return this; }

        /** Event loops to share (P2PD's {@code loop}); by default one process-wide {@link Transport}. */
        public Builder loop(@Nullable Transport v) { loop = v; return this; }

        /** Executor for handlers; by default virtual threads where the JVM has them. */
        public Builder handlerExecutor(@Nullable Executor v) { handlerExecutor = v; return this; }

        public PipeConfig build() {
            return new PipeConfig(this);
        }
    }
}
