package io.p2pboot.autoconfigure.cloud;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.discovery.PeerSource;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.PipeConfig;
import io.p2pboot.protocol.Printable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The peers a service registry lists: the instances of one service, from every
 * {@link DiscoveryClient} of the application (ZooKeeper, Consul, Kubernetes, Eureka, the simple one
 * from properties), each at its {@value PeerMetadata#PORT} metadata, on its
 * {@value PeerMetadata#ADDRESS} metadata or else its host (host names resolved within the pipe's
 * {@code dns_timeout}). Tagged {@value PeerSource#REGISTRY}.
 *
 * <p>The registries are asked on a thread of this source's own, every discovery round, and in a
 * round run at once on Spring Cloud's {@code HeartbeatEvent} ({@link RegistryChangeRounds}: a
 * registry that watches its entries publishes one when they change); a query still running when
 * the next is asked for is shared, never doubled. When any registry fails (or does
 * not answer within {@link #limit()}), the round fails for this source: its peers are neither found
 * nor aged, and {@link #status()} says {@code DOWN} and why, until a query answers again.
 *
 * <p>Instances without usable metadata (no {@code p2p.port}, a port or address that is not one, a
 * host that does not resolve) are skipped: each is logged once when it starts being skipped (and
 * again if its reason changes), and counted ({@link #skippedInstancesTotal()}). This peer's own
 * instance is left out: the one named like this peer, or, when this peer listens on every
 * interface, the one at this peer's port on an address of this machine.
 */
public class RegistryPeerSource implements PeerSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryPeerSource.class);

    private final String serviceId;
    private final Supplier<List<DiscoveryClient>> clients;
    private final PipeConfig pipeConfig;
    private final ExecutorService queries;
    /** The instances the last answer skipped, and why. */
    private final Map<String, String> skipped = new ConcurrentHashMap<>();
    private final AtomicLong skippedTotal = new AtomicLong();
    private volatile RegistryStatus status;
    private volatile @Nullable String ownName;
    /** The query running now, shared by whoever asks meanwhile; guarded by this. */
    private @Nullable CompletableFuture<List<InetSocketAddress>> running;

    /**
     * @param serviceId  the service whose instances are the peers
     * @param clients    the registries, asked in this order each time
     * @param pipeConfig resolves host names ({@code dns_timeout}, the event loops)
     */
    public RegistryPeerSource(String serviceId, Supplier<List<DiscoveryClient>> clients, PipeConfig pipeConfig) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.pipeConfig = Objects.requireNonNull(pipeConfig, "pipeConfig");
        this.status = RegistryStatus.unknown(serviceId);
        this.queries = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "p2p-registry");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String kind() {
        return REGISTRY;
    }

    /** A registry's answer, plus the pipe's {@code dns_timeout} for the host names in it. */
    @Override
    public Duration limit() {
        return pipeConfig.dnsTimeout().plusSeconds(5);
    }

    /** The service whose instances are the peers. */
    public String serviceId() {
        return serviceId;
    }

    /** What the registries answered last. */
    public RegistryStatus status() {
        return status;
    }

    /** Instances skipped so far, each counted when it starts being skipped. */
    public long skippedInstancesTotal() {
        return skippedTotal.get();
    }

    @Override
    public CompletableFuture<List<InetSocketAddress>> find(@Nullable String ownName) {
        this.ownName = ownName;
        return refresh();
    }

    /** The running query, or a new one; completes within {@link #limit()} (else fails, the query going on). */
    CompletableFuture<List<InetSocketAddress>> refresh() {
        CompletableFuture<List<InetSocketAddress>> query;
        synchronized (this) {
            if (running == null || running.isDone()) {
                try {
                    running = CompletableFuture.supplyAsync(this::query, queries);
                } catch (RejectedExecutionException e) {
                    return CompletableFuture.failedFuture(new IllegalStateException("registry source is closed"));
                }
                running.whenComplete(this::answered);
            }
            query = running;
        }
        return query.copy().orTimeout(limit().toMillis(), TimeUnit.MILLISECONDS).whenComplete((found, error) -> {
            if (error != null && FutureFailures.cause(error) instanceof TimeoutException && !query.isDone()) {
                down("no answer within " + limit().toMillis() + " ms");
            }
        });
    }

    /** One query of every registry, on this source's thread. */
    private List<InetSocketAddress> query() {
        List<ServiceInstance> instances = new ArrayList<>();
        for (DiscoveryClient client : clients.get()) {
            try {
                instances.addAll(client.getInstances(serviceId));
            } catch (RuntimeException e) {
                throw new RegistryUnavailableException(client.description() + ": " + rootMessage(e), e);
            }
        }
        Map<String, CompletableFuture<PeerAddress>> resolving = new LinkedHashMap<>();
        Map<String, String> skippedNow = new LinkedHashMap<>();
        for (ServiceInstance instance : instances) {
            String key = key(instance);
            PeerMetadata.Read read = PeerMetadata.read(instance);
            if (read.problem() != null) {
                skippedNow.put(key, read.problem());
            } else {
                resolving.put(key, PeerAddress.resolve(InetSocketAddress.createUnresolved(read.host(), read.port()),
                        pipeConfig));
            }
        }
        Set<InetSocketAddress> found = new LinkedHashSet<>();
        String own = ownName;
        for (Map.Entry<String, CompletableFuture<PeerAddress>> r : resolving.entrySet()) {
            try {
                PeerAddress address = r.getValue().get(pipeConfig.dnsTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (!isSelf(address, own)) {
                    found.add(address.socketAddress());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted", e);
            } catch (Exception e) {
                skippedNow.put(r.getKey(), "its address does not resolve: " + rootMessage(FutureFailures.cause(e)));
            }
        }
        skippedNow(skippedNow);
        return List.copyOf(found);
    }

    private synchronized void answered(@Nullable List<InetSocketAddress> found, @Nullable Throwable error) {
        if (queries.isShutdown()) {
            return; // closed: a query it interrupted says nothing of the registry
        }
        if (error != null) {
            down(rootMessage(FutureFailures.cause(error)));
            return;
        }
        RegistryStatus was = status;
        if (!was.isUp()) {
            log.info("registry lists {} peer(s) of service '{}'{}", found.size(), serviceId,
                    was.error() != null ? " again" : "");
        }
        status = new RegistryStatus("UP", serviceId, was.isUp() ? was.since() : Instant.now(), found.size(),
                skipped.size(), null);
    }

    private synchronized void down(String why) {
        RegistryStatus was = status;
        if (!why.equals(was.error())) {
            log.warn("registry cannot list the peers of service '{}', the peers found so far are kept: {}",
                    serviceId, why);
        }
        status = new RegistryStatus("DOWN", serviceId, "DOWN".equals(was.state()) ? was.since() : Instant.now(),
                0, 0, why);
    }

    /** Logs and counts the instances that start being skipped (or are skipped for a new reason). */
    private void skippedNow(Map<String, String> now) {
        for (Map.Entry<String, String> s : now.entrySet()) {
            String before = skipped.put(s.getKey(), s.getValue());
            if (before == null) {
                skippedTotal.incrementAndGet();
            }
            if (!s.getValue().equals(before)) {
                log.warn("registry instance {} of service '{}' skipped: {}", s.getKey(), serviceId, s.getValue());
            }
        }
        skipped.keySet().retainAll(now.keySet());
    }

    /**
     * This peer's own instance: named like it, or, when it listens on every interface, at its port on
     * an address of this machine (no other socket here can listen on that port then).
     */
    private static boolean isSelf(PeerAddress address, @Nullable String ownName) {
        if (ownName == null) {
            return false;
        }
        if (address.toString().equals(ownName)) {
            return true;
        }
        PeerAddress own = PeerAddress.tryParse(ownName);
        return own != null && own.ip().isAnyLocalAddress() && own.port() == address.port() && isLocal(address.ip());
    }

    private static boolean isLocal(InetAddress ip) {
        try {
            return ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** How an instance is named in logs: its service and id, else its host and port. */
    private String key(ServiceInstance instance) {
        String id = instance.getInstanceId();
        String name = id != null ? id : PeerAddress.format(String.valueOf(instance.getHost()), instance.getPort());
        return Printable.quoted(serviceId + "/" + name);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof RegistryUnavailableException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message != null ? Printable.of(message) : root.getClass().getSimpleName();
    }

    /** Stops asking; a query running now is interrupted. */
    @Override
    public void close() {
        queries.shutdownNow();
    }

    @Override
    public String toString() {
        return "RegistryPeerSource[" + serviceId + "]";
    }

    /** A registry failed to answer: the whole round fails for this source. */
    static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
