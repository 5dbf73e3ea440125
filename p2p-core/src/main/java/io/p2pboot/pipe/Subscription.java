package io.p2pboot.pipe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A queue of the messages a pipe received that match a filter, read with {@code recv}. The filter
 * is a pattern found anywhere in the message bytes (read as ISO-8859-1, so any byte can be
 * matched) and/or the sender's IP, or IP and port. With {@code max_qsize} set, a full queue drops
 * its oldest message and counts it.
 */
public final class Subscription {

    private final Pattern pattern;
    private final InetAddress senderIp;
    private final int senderPort;
    private final int capacity;
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Message>> waiters = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private boolean closed;

    Subscription(Filter filter, int capacity) {
        this.pattern = filter.pattern;
        this.senderIp = filter.senderIp;
        this.senderPort = filter.senderPort;
        this.capacity = capacity;
    }

    /** What a subscription accepts; {@link #all()} accepts everything. */
    public static final class Filter {
        private final Pattern pattern;
        private final InetAddress senderIp;
        private final int senderPort;

        private Filter(Pattern pattern, InetAddress senderIp, int senderPort) {
            this.pattern = pattern;
            this.senderIp = senderIp;
            this.senderPort = senderPort;
        }

        public static Filter all() {
            return new Filter(null, null, 0);
        }

        /** Messages in which the regular expression is found (bytes read as ISO-8859-1). */
        public static Filter matching(String regex) {
            return all().andMatching(regex);
        }

        /** Messages from this IP, any port. */
        public static Filter from(InetAddress ip) {
            return all().andFrom(ip);
        }

        /** Messages from this IP and port. */
        public static Filter from(InetSocketAddress sender) {
            return all().andFrom(sender);
        }

        public Filter andMatching(String regex) {
            return new Filter(Pattern.compile(regex, Pattern.DOTALL), senderIp, senderPort);
        }

        public Filter andFrom(InetAddress ip) {
            return new Filter(pattern, Objects.requireNonNull(ip), 0);
        }

        public Filter andFrom(InetSocketAddress sender) {
            return new Filter(pattern, Objects.requireNonNull(sender.getAddress(), "unresolved sender"),
                    sender.getPort());
        }
    }

    boolean matches(Message m) {
        if (senderIp != null) {
            InetSocketAddress from = m.sender();
            if (from == null || !senderIp.equals(from.getAddress())) {
                return false;
            }
            if (senderPort != 0 && senderPort != from.getPort()) {
                return false;
            }
        }
        return pattern == null || pattern.matcher(new String(m.data(), StandardCharsets.ISO_8859_1)).find();
    }

    void offer(Message m) {
        while (true) {
            CompletableFuture<Message> waiter;
            synchronized (this) {
                waiter = waiters.poll();
                if (waiter == null) {
                    if (capacity > 0 && messages.size() >= capacity) {
                        messages.poll();
                        dropped.incrementAndGet();
                    }
                    messages.add(m);
                    return;
                }
            }
            if (waiter.complete(m)) {
                return;
            }
        }
    }

    /** The next message, or a future completed with {@code null} when the timeout passes first. */
    public CompletableFuture<Message> recvAsync(Duration timeout) {
        CompletableFuture<Message> f;
        synchronized (this) {
            Message m = messages.poll();
            if (m != null || closed) {
                return CompletableFuture.completedFuture(m);
            }
            f = new CompletableFuture<>();
            waiters.add(f);
        }
        f.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((m, e) -> {
            synchronized (this) {
                waiters.remove(f);
            }
        });
        return f;
    }

    /** The next message, waiting at most {@code timeout}; {@code null} when none came. */
    public Message recv(Duration timeout) {
        return recvAsync(timeout).join();
    }

    /** After the pipe closed: waiting readers get {@code null}, later ones what is left, then {@code null} at once. */
    void close() {
        CompletableFuture<Message>[] waiting;
        synchronized (this) {
            closed = true;
            @SuppressWarnings("unchecked")
            CompletableFuture<Message>[] w = waiters.toArray(new CompletableFuture[0]);
            waiting = w;
            waiters.clear();
        }
        for (CompletableFuture<Message> f : waiting) {
            f.complete(null);
        }
    }

    /** Messages waiting to be read. */
    public synchronized int size() {
        return messages.size();
    }

    /** Messages dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}
