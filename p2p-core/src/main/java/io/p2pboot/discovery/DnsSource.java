package io.p2pboot.discovery;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.PipeConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers looked up in DNS, as a Kubernetes headless service or a service registry's DNS interface
 * publishes them. A name starting with {@code _} ({@code _p2p._tcp.example.internal}) is an SRV
 * name: each SRV record is a peer, at its target host's A and AAAA addresses and the record's port
 * (priority and weight are not used: every peer is wanted). Any other name is an A/AAAA name: each
 * address is a peer listening on the port given here. Lookups go through Netty's DNS resolver to
 * the pipe config's DNS servers (the system's when it names none), {@code /etc/hosts} first.
 *
 * <p><b>How long an answer holds.</b> A name's answer is kept for the shorter of
 * {@linkplain #interval() the interval} and the smallest TTL of the records it came from (the SRV
 * records and their targets' address records); until then every round is answered from it without
 * a query, and the first round after it runs out looks the name up again. A TTL of 0 means every
 * round. Nothing else caches these records (each lookup has its own resolver, and Netty does not
 * cache record queries), so an answer never outlives its TTL.
 *
 * <p><b>When DNS fails.</b> A lookup is bounded by the pipe config's {@code dns_timeout}. A name
 * that does not resolve (no such name, no records, a server that does not answer in time) gives no
 * peer that round and is looked up again the next round; its peers are lost after
 * {@link DiscoveryConfig#lostAfterRounds()} such rounds, as any source's. Nothing is thrown: why is
 * logged once each time it changes. An SRV target that does not resolve leaves out its records
 * only, and the name is looked up again the next round.
 *
 * <p><b>No probe.</b> Unlike seeds, a peer found in DNS is not probed with a TCP connection: DNS
 * is the registry's word on which peers exist (a headless service lists only ready pods), and a
 * probe would open a connection on every peer each round. A record that outlives its peer is found
 * until the record goes; connecting to it fails as any connect to a gone peer does.
 *
 * <p>An address that is this peer's own name is left out.
 */
public final class DnsSource implements PeerSource {

    private static final Logger log = LoggerFactory.getLogger(DnsSource.class);

    private final List<DnsName> names;
    private final int port;
    private final Duration interval;
    private final PipeConfig pipeConfig;
    /** The latest lookup of each name, done or under way. */
    private final Map<DnsName, Lookup> lookups = new ConcurrentHashMap<>();
    /** The last problem told, by name; removed when the name resolves in full again. */
    private final Map<DnsName, String> unresolved = new ConcurrentHashMap<>();

    /** A lookup and when it started: an answer holds from the moment it was asked for. */
    private record Lookup(long startedNanos, CompletableFuture<DnsLookup.Answer> answer) {

        boolean expired(long nowNanos, Duration interval) {
            if (!answer.isDone()) {
                return false;
            }
            // toNanos saturates: a TTL beyond what nanoseconds count is held for the interval
            long holdNanos = Math.min(interval.toNanos(), TimeUnit.SECONDS.toNanos(answer.join().ttlSeconds()));
            return nowNanos - startedNanos >= holdNanos;
        }
    }

    /**
     * @param names SRV names (starting with {@code _}) and A/AAAA names
     * @param port the port of the peers found under A/AAAA names, 1 to 65535; 0 when every name is an SRV name
     * @param interval the longest an answer is kept (a shorter TTL wins)
     * @param pipeConfig the DNS servers to ask (the system's when it names none) and {@code dns_timeout}
     * @throws IllegalArgumentException for a name that is not one, an A/AAAA name without a port, a bad
     *                                  port or interval
     */
    public DnsSource(List<String> names, int port, Duration interval, PipeConfig pipeConfig) {
        Set<DnsName> parsed = new LinkedHashSet<>();
        for (String name : names) {
            parsed.add(DnsName.parse(name));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no DNS name to look peers up under");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of A/AAAA names must be 1 to 65535, was " + port);
        }
        for (DnsName name : parsed) {
            if (!name.srv() && port == 0) {
                throw new IllegalArgumentException("DNS name " + name + " is an A/AAAA name and needs a port"
                        + " (SRV names, starting with '_', carry their own)");
            }
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the DNS interval must be positive, was " + interval);
        }
        this.names = List.copyOf(parsed);
        this.port = port;
        this.interval = interval;
        this.pipeConfig = Objects.requireNonNull(pipeConfig, "pipeConfig");
    }

    @Override
    public String kind() {
        return DNS;
    }

    /** Each lookup ends within {@code dns_timeout}; the round waits a second more. */
    @Override
    public Duration limit() {
        return pipeConfig.dnsTimeout().plusSeconds(1);
    }

    /** The names, in lower case, as given. */
    public List<String> names() {
        return names.stream().map(DnsName::name).toList();
    }

    /** The port of the peers found under A/AAAA names; 0 when there are none. */
    public int port() {
        return port;
    }

    /** The longest an answer is kept; a shorter TTL wins. */
    public Duration interval() {
        return interval;
    }

    @Override
    public CompletableFuture<List<InetSocketAddress>> find(@Nullable String ownName) {
        long now = System.nanoTime();
        List<CompletableFuture<DnsLookup.Answer>> answers = new ArrayList<>();
        for (DnsName name : names) {
            answers.add(lookups.compute(name, (n, last) ->
                    last == null || last.expired(now, interval) ? lookUp(n, now) : last).answer());
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(all -> {
            Set<InetSocketAddress> peers = new LinkedHashSet<>();
            for (CompletableFuture<DnsLookup.Answer> answer : answers) {
                for (InetSocketAddress peer : answer.join().peers()) {
                    if (!PeerAddress.format(peer).equals(ownName)) {
                        peers.add(peer);
                    }
                }
            }
            return List.copyOf(peers);
        });
    }

    private Lookup lookUp(DnsName name, long now) {
        CompletableFuture<DnsLookup.Answer> answer = DnsLookup.lookup(name, port, pipeConfig);
        return new Lookup(now, answer.whenComplete((found, error) -> tell(name, found)));
    }

    /** Logs a name's problems once each time they change, and when it resolves again. */
    private void tell(DnsName name, DnsLookup.@Nullable Answer answer) {
        if (answer == null) {
            return;
        }
        if (answer.resolved()) {
            if (unresolved.remove(name) != null) {
                log.info("DNS name {} resolves again, to {}", name, names(answer));
            } else {
                log.debug("DNS name {} gives {} (held {} s at most)", name, names(answer), answer.ttlSeconds());
            }
            return;
        }
        String why = String.join("; ", answer.problems());
        if (!why.equals(unresolved.put(name, why))) {
            if (answer.peers().isEmpty()) {
                log.warn("DNS name {} does not resolve, no peer from it until it does: {}", name, why);
            } else {
                log.warn("DNS name {} resolves in part, to {}: {}", name, names(answer), why);
            }
        }
    }

    private static List<String> names(DnsLookup.Answer answer) {
        return answer.peers().stream().map(PeerAddress::format).toList();
    }

    @Override
    public String toString() {
        return "DnsSource" + names;
    }
}
