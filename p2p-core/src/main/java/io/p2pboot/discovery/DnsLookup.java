package io.p2pboot.discovery;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.p2pboot.pipe.FutureFailures;
import io.p2pboot.pipe.HostResolver;
import io.p2pboot.pipe.PipeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One lookup of one {@link DnsName} through Netty's DNS resolver: an SRV name's records, then the
 * A and AAAA records of each record's target; an A/AAAA name's A and AAAA records. The whole lookup
 * is bounded by {@code dns_timeout} and never fails: what went wrong is in the answer's problems.
 *
 * <p>Netty caches no record looked up this way ({@code resolveAll} of a question), and each lookup
 * has its own resolver, closed when it ends, so every answer is the server's, with the TTLs it gave.
 */
final class DnsLookup {

    private DnsLookup() {
    }

    /**
     * What one lookup found.
     *
     * @param peers the peers' listening addresses, in the order the records came
     * @param ttlSeconds the smallest TTL of the records they came from: how long the answer holds;
     *                   0 when something went wrong, so that it is asked again at once
     * @param problems why nothing, or not everything, was found; empty when all resolved
     */
    record Answer(List<InetSocketAddress> peers, long ttlSeconds, List<String> problems) {

        static Answer failed(String why) {
            return new Answer(List.of(), 0, List.of(why));
        }

        boolean resolved() {
            return problems.isEmpty();
        }
    }

    /** An SRV record: a peer's port and the host it runs on. */
    private record Srv(String target, int port, long ttl) {
    }

    /** A host's addresses and the smallest TTL of their records. */
    private record Addresses(List<InetAddress> ips, long ttl) {
    }

    /** Looks {@code name} up; an A/AAAA name's peers get {@code port}. Completes within {@code dns_timeout}. */
    static CompletableFuture<Answer> lookup(DnsName name, int port, PipeConfig config) {
        DnsNameResolver resolver;
        try {
            resolver = HostResolver.dnsResolver(config);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.failed("no DNS resolver: " + e.getMessage()));
        }
        CompletableFuture<Answer> answer = name.srv() ? srvPeers(resolver, name.name())
                : addresses(resolver, name.name()).thenApply(a -> new Answer(
                        a.ips().stream().map(ip -> new InetSocketAddress(ip, port)).toList(), a.ttl(), List.of()));
        long timeoutMs = config.dnsTimeout().toMillis();
        return answer.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((found, error) -> {
            resolver.close();
            return error == null ? found : Answer.failed(why(FutureFailures.cause(error), timeoutMs));
        });
    }

    /** The SRV records, then each distinct target's addresses; a target that fails leaves its records out. */
    private static CompletableFuture<Answer> srvPeers(DnsNameResolver resolver, String name) {
        return records(resolver, name, DnsRecordType.SRV, DnsLookup::srv).thenCompose(records -> {
            Map<String, CompletableFuture<@Nullable Addresses>> targets = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (Srv srv : records) {
                if (srv.port() == 0) {
                    problems.add("SRV record for " + srv.target() + " gives port 0");
                } else if (!srv.target().isEmpty()) { // "." says the service is not offered there
                    targets.computeIfAbsent(srv.target(), target -> addresses(resolver, target)
                            .handle((found, error) -> {
                                if (error == null) {
                                    return found;
                                }
                                synchronized (problems) {
                                    problems.add("target " + target + ": " + why(FutureFailures.cause(error), -1));
                                }
                                return null;
                            }));
                }
            }
            return CompletableFuture.allOf(targets.values().toArray(new CompletableFuture<?>[0])).thenApply(all -> {
                Set<InetSocketAddress> peers = new LinkedHashSet<>();
                long ttl = Long.MAX_VALUE;
                for (Srv srv : records) {
                    ttl = Math.min(ttl, srv.ttl());
                    CompletableFuture<@Nullable Addresses> target = targets.get(srv.target());
                    Addresses addresses = target == null ? null : target.join();
                    if (addresses != null) {
                        ttl = Math.min(ttl, addresses.ttl());
                        addresses.ips().forEach(ip -> peers.add(new InetSocketAddress(ip, srv.port())));
                    }
                }
                synchronized (problems) {
                    return new Answer(List.copyOf(peers), problems.isEmpty() ? ttl : 0, List.copyOf(problems));
                }
            });
        });
    }

    /**
     * A host's A and AAAA records, asked at once; fails when neither gives an address. An IP
     * (an SRV target written as one) is its own address, held as long as the SRV record.
     */
    private static CompletableFuture<Addresses> addresses(DnsNameResolver resolver, String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(new Addresses(List.of(InetAddress.getByAddress(literal)),
                        Long.MAX_VALUE));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Found<Address>> v4 = found(records(resolver, host, DnsRecordType.A, DnsLookup::address));
        CompletableFuture<Found<Address>> v6 = found(records(resolver, host, DnsRecordType.AAAA, DnsLookup::address));
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<InetAddress> ips = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (Address address : a.records()) {
                ips.add(address.ip());
                ttl = Math.min(ttl, address.ttl());
            }
            for (Address address : aaaa.records()) {
                ips.add(address.ip());
                ttl = Math.min(ttl, address.ttl());
            }
            if (ips.isEmpty()) {
                Throwable why = a.error() != null ? a.error() : aaaa.error() != null ? aaaa.error()
                        : new UnknownHostException(host + " has no A or AAAA record");
                throw new CompletionException(why);
            }
            return new Addresses(List.copyOf(ips), ttl);
        });
    }

    /** An address record. */
    private record Address(InetAddress ip, long ttl) {
    }

    /** Records of one question, or why there are none. */
    private record Found<T>(List<T> records, @Nullable Throwable error) {
    }

    private static <T> CompletableFuture<Found<T>> found(CompletableFuture<List<T>> records) {
        return records.handle((list, error) -> error == null ? new Found<>(list, null)
                : new Found<>(List.of(), FutureFailures.cause(error)));
    }

    /**
     * The records answering one question, each read by {@code read} (which skips what it returns
     * {@code null} for) and released at once; fails as Netty's resolver does (no such name, no
     * answer in time).
     */
    private static <T> CompletableFuture<List<T>> records(DnsNameResolver resolver, String name, DnsRecordType type,
                                                          RecordReader<T> read) {
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        resolver.resolveAll(new DefaultDnsQuestion(name, type)).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            @SuppressWarnings("unchecked")
            List<DnsRecord> records = (List<DnsRecord>) f.getNow();
            List<T> values = new ArrayList<>();
            try {
                for (DnsRecord record : records) {
                    if (record.type() == type && record instanceof DnsRawRecord raw) {
                        T value = read.read(raw);
                        if (value != null) {
                            values.add(value);
                        }
                    }
                }
                result.complete(values);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                records.forEach(ReferenceCountUtil::safeRelease);
            }
        });
        return result;
    }

    /** Reads one record's data; {@code null} skips it. */
    @FunctionalInterface
    private interface RecordReader<T> {
        @Nullable T read(DnsRawRecord record);
    }

    /** An A record holds 4 bytes, an AAAA record 16; anything else is skipped. */
    private static @Nullable Address address(DnsRawRecord record) {
        ByteBuf data = record.content();
        int length = data.readableBytes();
        if (length != 4 && length != 16) {
            return null;
        }
        byte[] ip = new byte[length];
        data.getBytes(data.readerIndex(), ip);
        try {
            return new Address(InetAddress.getByAddress(ip), record.timeToLive());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * An SRV record (RFC 2782): priority, weight, port, then the target's name (which may point
     * into the rest of the message: the data is a view of the whole response). Every record is a
     * peer: priority and weight choose among servers of one service, while every peer is wanted.
     */
    private static @Nullable Srv srv(DnsRawRecord record) {
        ByteBuf data = record.content().duplicate();
        if (data.readableBytes() < 7) {
            return null;
        }
        data.skipBytes(4); // priority, weight
        int port = data.readUnsignedShort();
        String target = DefaultDnsRecordDecoder.decodeName(data);
        if (target.endsWith(".")) {
            target = target.substring(0, target.length() - 1);
        }
        return new Srv(target.toLowerCase(Locale.ROOT), port, record.timeToLive());
    }

    /** Why a lookup failed, in words: a timeout says which limit, anything else its message. */
    private static String why(Throwable cause, long timeoutMs) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return timeoutMs > 0 ? "no answer within dns_timeout (" + timeoutMs + " ms)" : "no answer in time";
            }
        }
        return String.valueOf(cause.getMessage());
    }
}
