package io.p2pboot.pipe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
    private final RecvQueue<Message> queue;

    Subscription(Filter filter, int capacity) {
        this.pattern = filter.pattern;
        this.senderIp = filter.senderIp;
        this.senderPort = filter.senderPort;
        this.queue = new RecvQueue<>(capacity, m -> { });
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
        queue.add(m);
    }

    /** The next message, or a future completed with {@code null} when the timeout passes first. */
    public CompletableFuture<@Nullable Message> recvAsync(Duration timeout) {
        return queue.takeAsync(timeout);
    }

    /** The next message, waiting at most {@code timeout}; {@code null} when none came. */
    public @Nullable Message recv(Duration timeout) {
        return queue.take(timeout);
    }

    /** After the pipe closed: waiting readers get {@code null}, later ones what is left, then {@code null} at once. */
    void close() {
        queue.close(Runnable::run);
    }

    /** Messages waiting to be read. */
    public int size() {
        return queue.size();
    }

    /** Messages dropped because the queue was full. */
    public long dropped() {
        return queue.dropped();
    }
}
