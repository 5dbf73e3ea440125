package io.p2pboot.discovery;

import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Header;
import io.p2pboot.protocol.HeaderKind;
import io.p2pboot.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends one PING to each broadcast target and gathers the PONGs. Each probe opens its own UDP
 * pipe per target, bound to the local address facing that target on a free port, and names that
 * address in {@code pinger}: answers come back by unicast to it alone, so any number of probers
 * and responders can share a host. A probe ends after a quiet period without answers, or at the
 * window's end.
 */
final class DiscoveryProber {

    private final DiscoveryConfig config;
    private final Supplier<@Nullable String> localName;
    private final DiscoveryCounters counters;
    private final Executor executor;
    private final Predicate<String> known;
    private final IntSupplier port;

    /**
     * @param known the names a probe keeps beyond {@link DiscoveryConfig#maxPeers()} new ones (the peers already tracked)
     * @param port the discovery port: the configured one, or the one port 0 took when discovery started
     */
    DiscoveryProber(DiscoveryConfig config, Supplier<@Nullable String> localName, DiscoveryCounters counters,
                    Predicate<String> known, IntSupplier port) {
        this.config = config;
        this.port = port;
        this.localName = localName;
        this.counters = counters;
        this.executor = config.pipeConfig().executor();
        this.known = known;
    }

    /**
     * Probes once; completes with the names that answered, in order of arrival, without repeats or
     * our own, and with at most {@link DiscoveryConfig#maxPeers()} names not already known.
     */
    CompletableFuture<List<String>> probe() {
        List<InetAddress> targets = config.broadcastAddresses() != null
                ? config.broadcastAddresses() : BroadcastAddresses.ofUpInterfaces();
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (port.getAsInt() == 0) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "discovery port 0 takes a free port when discovery starts: start it before probing"));
        }
        ProbeRound round = new ProbeRound(config.quietPeriod(), config.window(), localName.get(), executor,
                config.maxPeers(), known, counters.ignoredPeers::increment);
        Set<InetAddress> broadcasts = BroadcastAddresses.known(targets);
        PipeConfig socket = config.pipeConfig().toBuilder().broadcast(true).doClose(false)
                .readerLimit(64 * 1024).build();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (InetAddress target : targets) {
            sent.add(pingOnce(target, socket, round, broadcasts));
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).whenComplete((ok, e) -> {
            if (e != null && round.pipeCount() == 0) {
                round.fail(FutureFailures.cause(e));
            } else {
                round.start();
            }
        });
        return round.result();
    }

    private CompletableFuture<Void> pingOnce(InetAddress target, PipeConfig socket, ProbeRound round,
                                             Set<InetAddress> broadcasts) {
        InetAddress local;
        try {
            local = config.probeAddress() != null ? config.probeAddress()
                    : BroadcastAddresses.localAddressFacing(target);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Pipe.udp()
                .bind(new InetSocketAddress(local, 0))
                .config(socket)
                .onMessage((data, sender, p) -> onDatagram(data, sender, round, broadcasts))
                .openAsync()
                .thenCompose(pipe -> {
                    round.add(pipe);
                    byte[] ping;
                    try {
                        ping = Header.ping(Ipv4Endpoint.format(pipe.localAddress())).encode();
                    } catch (ProtocolException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                    counters.probes.increment();
                    return pipe.send(ping, new InetSocketAddress(target, port.getAsInt())).whenComplete((ok, e) -> {
                        if (e != null) {
                            counters.sendFailures.increment();
                        }
                    });
                });
    }

    private void onDatagram(byte[] data, @Nullable InetSocketAddress sender, ProbeRound round,
                            Set<InetAddress> broadcasts) {
        Header header = DiscoveryDatagrams.decode(data, counters);
        if (header == null) {
            return;
        }
        if (header.kind() != HeaderKind.PONG) {
            counters.ignored.increment();
            return;
        }
        InetSocketAddress ponger = Ipv4Endpoint.parse(header.ponger().orElse(null));
        if (ponger == null) {
            counters.badPongs.increment();
            return;
        }
        if (!reachable(ponger.getAddress(), sender, broadcasts)) {
            counters.unreachablePongs.increment();
            return;
        }
        counters.pongsReceived.increment();
        round.answered(Ipv4Endpoint.format(ponger));
    }

    /**
     * Whether a peer could listen on {@code ip} and be reached from here: not a wildcard,
     * multicast or broadcast address, and not a loopback address named by another host.
     */
    private static boolean reachable(InetAddress ip, @Nullable InetSocketAddress sender, Set<InetAddress> broadcasts) {
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || broadcasts.contains(ip)) {
            return false;
        }
        return !ip.isLoopbackAddress() || sender != null && sender.getAddress().isLoopbackAddress();
    }
}
