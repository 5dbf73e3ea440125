package io.p2pboot.pipe;

import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a destination host within {@code dns_timeout}, without blocking a thread: IP literals
 * at once, names through {@code /etc/hosts} and then DNS (the configured servers, or the
 * system's). Public for the peer addresses that take host names ({@code connect}, seeds).
 */
public final class HostResolver {

    private HostResolver() {
    }

    /** Resolves on one of the configuration's event loops; fails with an {@link UnknownHostException}. */
    public static CompletableFuture<InetSocketAddress> resolve(String host, int port, PipeConfig config) {
        return resolve(host, port, config, config.transport().group().next());
    }

    static CompletableFuture<InetSocketAddress> resolve(String host, int port, PipeConfig config, EventLoop loop) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(new InetSocketAddress(InetAddress.getByAddress(literal), port));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        long timeoutMs = config.dnsTimeout().toMillis();
        DnsNameResolver resolver = dnsResolver(config, loop);
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        resolver.resolve(host).addListener(f -> {
            if (f.isSuccess()) {
                result.complete(new InetSocketAddress((InetAddress) f.getNow(), port));
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((address, error) -> {
                    resolver.close();
                    if (error == null) {
                        return CompletableFuture.completedFuture(address);
                    }
                    Throwable cause = FutureFailures.cause(error);
                    return CompletableFuture.<InetSocketAddress>failedFuture(unknown(host, config, cause));
                })
                .thenCompose(f -> f);
    }

    /**
     * A Netty DNS resolver as the configuration asks: its DNS servers (the system's when none are
     * given), each query bounded by {@code dns_timeout}, {@code /etc/hosts} read first, and TCP
     * when a UDP answer comes back truncated (a name with many records). For lookups beyond host
     * addresses (SRV records, TTLs); the caller closes it.
     */
    public static DnsNameResolver dnsResolver(PipeConfig config) {
        return dnsResolver(config, config.transport().group().next());
    }

    private static DnsNameResolver dnsResolver(PipeConfig config, EventLoop loop) {
        Transport transport = config.transport();
        return new DnsNameResolverBuilder(loop)
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.isEpoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .queryTimeoutMillis(config.dnsTimeout().toMillis())
                .nameServerProvider(config.dnsServers().isEmpty()
                        ? DnsServerAddressStreamProviders.platformDefault()
                        : new SequentialDnsServerAddressStreamProvider(config.dnsServers()))
                .build();
    }

    private static UnknownHostException unknown(String host, PipeConfig config, Throwable cause) {
        String why = timedOut(cause)
                ? "not resolved within dns_timeout (" + config.dnsTimeout().toMillis() + " ms)"
                : "not resolved: " + cause.getMessage();
        UnknownHostException e = new UnknownHostException(host + ": " + why);
        e.initCause(cause);
        return e;
    }

    private static boolean timedOut(@Nullable Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
