package io.p2pboot.discovery;

import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.address.PeerAddress;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers listed by hand, {@code host:port}: each round every seed's host is resolved again (so a
 * name that moves is followed), within the pipe config's {@code dns_timeout}, and the seed counts
 * as found this round when a TCP connection to it opens (it is closed at once, before any
 * handshake; a Peerpy peer sees a connection that ends before its handshake, and drops it). A
 * seed that does not resolve or does not accept is simply not found this round, and is lost
 * after {@link DiscoveryConfig#lostAfterRounds()} such rounds; why a name does not resolve is
 * logged once each time it changes, never thrown. A seed that is this peer itself is skipped.
 */
public final class SeedSource implements PeerSource {

    private static final Logger log = LoggerFactory.getLogger(SeedSource.class);

    private final List<String> seeds;
    private final PipeConfig pipeConfig;
    /** The last resolution failure told, by seed; removed when it resolves again. */
    private final Map<String, String> unresolved = new ConcurrentHashMap<>();

    /**
     * @param seeds each {@code host:port}, host names allowed
     * @param pipeConfig resolves the names (DNS servers, {@code dns_timeout}) and bounds the probe ({@code con_timeout})
     * @throws IllegalArgumentException when a seed is not {@code host:port}
     */
    public SeedSource(List<String> seeds, PipeConfig pipeConfig) {
        List<String> parsed = new ArrayList<>();
        for (String seed : seeds) {
            try {
                parsed.add(PeerAddress.checkHostAndPort(seed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("seed: " + e.getMessage(), e);
            }
        }
        this.seeds = List.copyOf(parsed);
        // The probe only opens and closes a TCP connection: never a TLS handshake.
        this.pipeConfig = Objects.requireNonNull(pipeConfig, "pipeConfig").toBuilder().useSsl(false).tls(null).build();
    }

    @Override
    public String kind() {
        return SEED;
    }

    /** Each seed is checked within {@code dns_timeout} + {@code con_timeout}; the round waits a second more. */
    @Override
    public Duration limit() {
        return checkLimit().plusSeconds(1);
    }

    private Duration checkLimit() {
        return pipeConfig.dnsTimeout().plus(pipeConfig.conTimeout());
    }

    /** The seeds, as written {@code host:port}. */
    public List<String> seeds() {
        return seeds;
    }

    @Override
    public CompletableFuture<List<InetSocketAddress>> find(@Nullable String ownName) {
        List<CompletableFuture<Optional<InetSocketAddress>>> checks = new ArrayList<>();
        for (String seed : seeds) {
            checks.add(check(seed, ownName)
                    .completeOnTimeout(Optional.empty(), checkLimit().toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0]))
                .thenApply(all -> checks.stream().map(CompletableFuture::join).flatMap(Optional::stream)
                        .distinct().toList());
    }

    /** One seed: resolved, not ourselves, and accepting a TCP connection now. */
    private CompletableFuture<Optional<InetSocketAddress>> check(String seed, @Nullable String ownName) {
        return PeerAddress.resolve(seed, pipeConfig).handle((resolved, error) -> {
            if (error != null) {
                unresolvable(seed, FutureFailures.cause(error));
                return CompletableFuture.completedFuture(Optional.<InetSocketAddress>empty());
            }
            if (unresolved.remove(seed) != null) {
                log.info("seed {} resolves again, to {}", seed, resolved);
            }
            if (resolved.toString().equals(ownName)) {
                return CompletableFuture.completedFuture(Optional.<InetSocketAddress>empty());
            }
            return accepts(resolved.socketAddress());
        }).thenCompose(f -> f);
    }

    /** Opens a TCP connection and closes it before any handshake: the seed is up when it opens. */
    private CompletableFuture<Optional<InetSocketAddress>> accepts(InetSocketAddress address) {
        CompletableFuture<Pipe> opened;
        try {
            opened = Pipe.tcp().to(address).config(pipeConfig).openAsync();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return opened.handle((pipe, error) -> {
            if (error != null) {
                log.debug("seed {} does not accept now: {}", PeerAddress.format(address), error.toString());
                return Optional.empty();
            }
            pipe.closeAsync();
            return Optional.of(address);
        });
    }

    private void unresolvable(String seed, Throwable cause) {
        String why = String.valueOf(cause.getMessage());
        if (!why.equals(unresolved.put(seed, why))) {
            log.warn("seed {} does not resolve, skipped until it does: {}", seed, why);
        }
    }

    @Override
    public String toString() {
        return "SeedSource" + seeds;
    }
}
