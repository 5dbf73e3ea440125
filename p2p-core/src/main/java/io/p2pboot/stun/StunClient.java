package io.p2pboot.stun;

import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.Pipe;
import io.p2pboot.pipe.PipeBuilder;
import io.p2pboot.pipe.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the address and port a NAT maps a local UDP socket to (its external address), by asking
 * a STUN server with an RFC 8489 Binding request over a UDP pipe.
 *
 * <p>The STUN server is always the caller's: there is no built-in public server, so nothing is
 * sent anywhere the application did not name. Each try waits {@code timeout} for the answer and
 * the request is sent up to {@code 1 + send_retry} times (the pipe's configuration), so the whole
 * wait is bounded by about {@code (1 + send_retry) * timeout}.
 *
 * <p>Failures: {@link SocketTimeoutException} when no answer came after every try;
 * {@link StunException} when the server's answer is malformed or a Binding error response.
 */
public final class StunClient {

    private StunClient() {
    }

    /**
     * Asks {@code stunServer} which address it sees {@code udpPipe}'s datagrams come from. The
     * answer is also delivered to the pipe's handlers and other subscriptions, like any datagram.
     */
    public static CompletableFuture<InetSocketAddress> mappedAddressAsync(
            Pipe udpPipe, InetSocketAddress stunServer, Duration timeout) {
        try {
            requireUdp(udpPipe.protocol());
            check(stunServer, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return new BindingTransaction(udpPipe, stunServer, timeout).start();
    }

    /** Blocking twin of {@link #mappedAddressAsync(Pipe, InetSocketAddress, Duration)}. */
    public static InetSocketAddress mappedAddress(Pipe udpPipe, InetSocketAddress stunServer, Duration timeout)
            throws IOException {
        return await(mappedAddressAsync(udpPipe, stunServer, timeout), timeout, udpPipe.config().sendRetry(), 0);
    }

    /**
     * Opens a UDP pipe from {@code udp} (its bind address, route and configuration, e.g.
     * {@code Pipe.udp().bind("0.0.0.0", 5300)} or {@code Pipe.udp().route(Route.named("eth0"))}),
     * asks {@code stunServer} for its mapped address, and closes the pipe. The builder's
     * destination is set to the server, so a route binds an address of the server's family.
     */
    public static CompletableFuture<InetSocketAddress> mappedAddressAsync(
            PipeBuilder udp, InetSocketAddress stunServer, Duration timeout) {
        try {
            requireUdp(udp.protocol());
            check(stunServer, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return udp.to(stunServer).openAsync().thenCompose(pipe -> mappedAddressAsync(pipe, stunServer, timeout)
                .whenComplete((address, failure) -> pipe.closeAsync()));
    }

    /** Blocking twin of {@link #mappedAddressAsync(PipeBuilder, InetSocketAddress, Duration)}. */
    public static InetSocketAddress mappedAddress(PipeBuilder udp, InetSocketAddress stunServer, Duration timeout)
            throws IOException {
        return await(mappedAddressAsync(udp, stunServer, timeout), timeout, udp.config().sendRetry(),
                udp.config().dnsTimeout().toMillis());
    }

    private static void requireUdp(Protocol protocol) {
        if (protocol != Protocol.UDP) {
            throw new IllegalArgumentException("STUN runs over UDP, not over a " + protocol + " pipe");
        }
    }

    private static void check(InetSocketAddress stunServer, Duration timeout) {
        Objects.requireNonNull(stunServer, "stunServer");
        if (stunServer.isUnresolved()) {
            throw new IllegalArgumentException("the STUN server address is not resolved: " + stunServer);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the STUN timeout must be positive, was " + timeout);
        }
    }

    /** Waits for the transaction, which bounds itself; the extra second only guards against a stuck pipe. */
    private static InetSocketAddress await(CompletableFuture<InetSocketAddress> answer, Duration timeout,
            int sendRetry, long extraMillis) throws IOException {
        long limit = (1L + sendRetry) * timeout.toMillis() + extraMillis + 1_000;
        try {
            return answer.get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a STUN answer");
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no STUN answer within " + limit + " ms");
        } catch (ExecutionException e) {
            throw FutureFailures.asIOException(e.getCause());
        }
    }
}
