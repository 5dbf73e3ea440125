package io.p2pboot.discovery;

import static io.p2pboot.pipe.ConfigChecks.atLeast;
import static io.p2pboot.pipe.ConfigChecks.positive;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Printable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link Discovery}. Immutable; start from {@link #defaults()} or {@link #builder()}.
 * Values are checked when built, with a message that names the setting.
 *
 * <p>When no broadcast address is given, the prober uses the broadcast address of every up,
 * non-loopback IPv4 interface ({@link BroadcastAddresses#ofUpInterfaces()}), computed when a
 * probe starts. It never defaults to {@code 255.255.255.255}.
 */
public final class DiscoveryConfig {

    /** Peerpy's discovery port. */
    public static final int DEFAULT_PORT = 1024;

    private static final DiscoveryConfig DEFAULTS = new Builder().build();

    private final boolean enabled;
    private final boolean invisible;
    private final boolean continuous;
    private final int port;
    private final @Nullable InetAddress bindAddress;
    private final @Nullable List<InetAddress> broadcastAddresses;
    private final @Nullable InetAddress probeAddress;
    private final Duration quietPeriod;
    private final Duration window;
    private final Duration interval;
    private final int lostAfterRounds;
    private final int maxPeers;
    private final double replyRate;
    private final int replyBurst;
    private final double globalReplyRate;
    private final int globalReplyBurst;
    private final PipeConfig pipeConfig;

    private DiscoveryConfig(Builder b) {
        this.enabled = b.enabled;
        this.invisible = b.invisible;
        this.continuous = b.continuous;
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("discovery port must be 0 to 65535 (0: a free one, for tests), was "
                    + b.port);
        }
        this.port = b.port;
        this.bindAddress = b.bindAddress == null ? null : ipv4("bind address", b.bindAddress);
        List<InetAddress> targets = new ArrayList<>();
        if (b.broadcastAddresses != null) {
            for (InetAddress a : b.broadcastAddresses) {
                InetAddress target = ipv4("broadcast address", a);
                if (target.isMulticastAddress() || target.isAnyLocalAddress()) {
                    throw new IllegalArgumentException("broadcast address " + target.getHostAddress()
                            + " is not a broadcast address (multicast or 0.0.0.0)");
                }
                targets.add(target);
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("broadcast addresses must not be empty;"
                        + " leave them unset to use the broadcast address of each up interface");
            }
        }
        this.broadcastAddresses = b.broadcastAddresses == null ? null : List.copyOf(targets);
        this.probeAddress = b.probeAddress == null ? null : ipv4("probe address", b.probeAddress);
        this.quietPeriod = positive("quiet period", b.quietPeriod);
        this.window = positive("window", b.window);
        if (window.compareTo(quietPeriod) < 0) {
            throw new IllegalArgumentException("window (" + window + ") must not be shorter than the quiet period ("
                    + quietPeriod + ")");
        }
        this.interval = positive("interval", b.interval);
        this.lostAfterRounds = atLeast("lost-after rounds", b.lostAfterRounds, 1);
        this.maxPeers = atLeast("max peers", b.maxPeers, 1);
        this.replyRate = rate("reply rate", b.replyRate);
        this.replyBurst = atLeast("reply burst", b.replyBurst, 1);
        this.globalReplyRate = rate("global reply rate", b.globalReplyRate);
        this.globalReplyBurst = atLeast("global reply burst", b.globalReplyBurst, 1);
        this.pipeConfig = Objects.requireNonNull(b.pipeConfig, "pipe config");
    }

    public static DiscoveryConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether discovery runs at all: when off, {@link Discovery#start()} opens nothing and probes find nobody. */
    public boolean enabled() { return enabled; }
    /** Whether the peer starts invisible (it does not answer PINGs); {@link Discovery#setVisible} changes it later. */
    public boolean invisible() { return invisible; }
    /** Whether {@link Discovery#start()} also starts probing every {@link #interval()}. */
    public boolean continuous() { return continuous; }
    /**
     * The UDP port PINGs are sent to and answered on; 0 takes a free one when discovery starts
     * ({@link Discovery#port()} tells which), for tests: a peer then finds only peers told that port.
     */
    public int port() { return port; }
    /**
     * The local address the responder binds, when set explicitly; {@code null} (the default) lets
     * {@link #responderAddresses()} derive it from the broadcast addresses.
     */
    public @Nullable InetAddress bindAddress() { return bindAddress; }

    /**
     * Where the responder binds (each with {@link #port()}), so that it hears the PINGs sent to the
     * configured broadcast addresses and nothing else: the explicit {@link #bindAddress()} when set;
     * else each configured broadcast address (on Linux and the BSDs a socket bound to a broadcast
     * address receives what is broadcast there, and no unicast: with {@code 127.255.255.255} the
     * responder cannot be reached from another host); else, when discovery covers every interface,
     * {@code 0.0.0.0}.
     */
    public List<InetAddress> responderAddresses() {
        if (bindAddress != null) {
            return List.of(bindAddress);
        }
        if (broadcastAddresses != null) {
            return broadcastAddresses.stream().distinct().toList();
        }
        return List.of(Builder.anyIpv4());
    }
    /** Where PINGs go; {@code null} means the broadcast address of each up, non-loopback IPv4 interface. */
    public @Nullable List<InetAddress> broadcastAddresses() { return broadcastAddresses; }
    /** The local IP the prober binds and names in {@code pinger}; {@code null}: the one facing each broadcast address. */
    public @Nullable InetAddress probeAddress() { return probeAddress; }
    /** A probe ends when no PONG came for this long (Peerpy: 0.5 s). */
    public Duration quietPeriod() { return quietPeriod; }
    /** A probe never lasts longer than this, however many PONGs keep coming. */
    public Duration window() { return window; }
    /** The pause between the end of one continuous round and the start of the next. */
    public Duration interval() { return interval; }
    /** A known peer is reported lost after missing this many consecutive rounds. */
    public int lostAfterRounds() { return lostAfterRounds; }
    /**
     * The most peers continuous discovery tracks, and the most new names one probe returns. Beyond
     * it, names not yet known are ignored (counted in {@link DiscoveryStats#ignoredPeers()}) until
     * known peers are lost: known peers are never pushed out by new names, so forged PONGs can
     * neither fill memory nor evict the peers already found.
     */
    public int maxPeers() { return maxPeers; }
    /** PONGs a second the responder sends to one source IP, on average. */
    public double replyRate() { return replyRate; }
    /** PONGs the responder may send to one source IP at once, after a quiet spell. */
    public int replyBurst() { return replyBurst; }
    /** PONGs a second the responder sends to all sources together. */
    public double globalReplyRate() { return globalReplyRate; }
    /** PONGs the responder may send to all sources at once. */
    public int globalReplyBurst() { return globalReplyBurst; }
    /** The base settings of the discovery sockets (event loops, handler executor); reuse, broadcast and do_close are set by discovery. */
    public PipeConfig pipeConfig() { return pipeConfig; }

    private static InetAddress ipv4(String name, InetAddress a) {
        Objects.requireNonNull(a, name);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException(name + " must be an IPv4 address (discovery is IPv4 broadcast), was "
                    + a.getHostAddress());
        }
        return a;
    }

    private static double rate(String name, double r) {
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException(name + " must be a positive number of replies a second, was " + r);
        }
        return r;
    }

    @Override
    public String toString() {
        return "DiscoveryConfig[enabled=" + enabled + ", invisible=" + invisible + ", continuous=" + continuous
                + ", port=" + port + ", bind=" + (bindAddress == null ? "derived" : bindAddress.getHostAddress())
                + ", broadcast=" + (broadcastAddresses == null ? "interfaces" : broadcastAddresses)
                + ", probeAddress=" + probeAddress + ", quiet=" + quietPeriod + ", window=" + window
                + ", interval=" + interval + ", lostAfterRounds=" + lostAfterRounds + ", maxPeers=" + maxPeers
                + ", replyRate=" + replyRate + "/s burst " + replyBurst
                + ", globalReplyRate=" + globalReplyRate + "/s burst " + globalReplyBurst + "]";
    }

    /** Mutable twin of {@link DiscoveryConfig}; checked by {@link #build()}. */
    public static final class Builder {
        private boolean enabled = true;
        private boolean invisible;
        private boolean continuous = true;
        private int port = DEFAULT_PORT;
        private @Nullable InetAddress bindAddress;
        private @Nullable List<InetAddress> broadcastAddresses;
        private @Nullable InetAddress probeAddress;
        private Duration quietPeriod = Duration.ofMillis(500);
        private Duration window = Duration.ofSeconds(3);
        private Duration interval = Duration.ofSeconds(5);
        private int lostAfterRounds = 3;
        private int maxPeers = 256;
        private double replyRate = 5;
        private int replyBurst = 10;
        private double globalReplyRate = 100;
        private int globalReplyBurst = 200;
        private PipeConfig pipeConfig = PipeConfig.defaults();

        private Builder() {
        }

        private Builder(DiscoveryConfig c) {
            enabled = c.enabled;
            invisible = c.invisible;
            continuous = c.continuous;
            port = c.port;
            bindAddress = c.bindAddress;
            broadcastAddresses = c.broadcastAddresses;
            probeAddress = c.probeAddress;
            quietPeriod = c.quietPeriod;
            window = c.window;
            interval = c.interval;
            lostAfterRounds = c.lostAfterRounds;
            maxPeers = c.maxPeers;
            replyRate = c.replyRate;
            replyBurst = c.replyBurst;
            globalReplyRate = c.globalReplyRate;
            globalReplyBurst = c.globalReplyBurst;
            pipeConfig = c.pipeConfig;
        }

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder invisible(boolean v) { invisible = v; return this; }
        public Builder continuous(boolean v) { continuous = v; return this; }
        public Builder port(int v) { port = v; return this; }
        /** The responder's local address; {@code null} (the default) derives it, see {@link DiscoveryConfig#responderAddresses()}. */
        public Builder bindAddress(@Nullable InetAddress v) { bindAddress = v; return this; }
        public Builder bindAddress(@Nullable String ip) {
            return bindAddress(ip == null ? null : literal("bind address", ip));
        }

        /** The broadcast targets; {@code null} restores the default (each up interface's broadcast address). */
        public Builder broadcastAddresses(@Nullable List<InetAddress> v) {
            broadcastAddresses = v == null ? null : new ArrayList<>(v);
            return this;
        }

        /** The broadcast targets as IPv4 literals, e.g. {@code "127.255.255.255"}. */
        public Builder broadcastAddresses(String... ips) {
            List<InetAddress> list = new ArrayList<>();
            for (String ip : ips) {
                list.add(literal("broadcast address", ip));
            }
            return broadcastAddresses(list);
        }

        public Builder probeAddress(@Nullable InetAddress v) { probeAddress = v; return this; }
        public Builder probeAddress(@Nullable String ip) {
            return probeAddress(ip == null ? null : literal("probe address", ip));
        }
        public Builder quietPeriod(Duration v) { quietPeriod = v; return this; }
        public Builder window(Duration v) { window = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder lostAfterRounds(int v) { lostAfterRounds = v; return this; }
        public Builder maxPeers(int v) { maxPeers = v; return this; }

        /** Per source IP: {@code perSecond} PONGs a second on average, {@code burst} at once. */
        public Builder replyRate(double perSecond, int burst) {
            replyRate = perSecond;
            replyBurst = burst;
            return this;
        }

        /** All sources together: {@code perSecond} PONGs a second on average, {@code burst} at once. */
        public Builder globalReplyRate(double perSecond, int burst) {
            globalReplyRate = perSecond;
            globalReplyBurst = burst;
            return this;
        }

        public Builder pipeConfig(PipeConfig v) { pipeConfig = v; return this; }

        public DiscoveryConfig build() {
            return new DiscoveryConfig(this);
        }

        private static InetAddress anyIpv4() {
            return literal("bind address", "0.0.0.0");
        }

        /** An IP literal, never a host name: configuration must not depend on DNS. */
        private static InetAddress literal(String name, String ip) {
            Objects.requireNonNull(ip, name);
            InetAddress parsed;
            try {
                parsed = PeerAddress.parseIp(ip);
            } catch (IllegalArgumentException e) {
                throw notIpv4(name, ip, e);
            }
            if (!(parsed instanceof Inet4Address)) {
                throw notIpv4(name, ip, null);
            }
            return parsed;
        }

        private static IllegalArgumentException notIpv4(String name, String ip, @Nullable Throwable cause) {
            return new IllegalArgumentException(name + " must be an IPv4 literal such as 127.255.255.255, was "
                    + Printable.quoted(ip), cause);
        }
    }
}
