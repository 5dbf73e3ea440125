package io.p2pboot.discovery;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets that bound how many PONGs a responder sends: one bucket per source IP, and one
 * for all sources together, so neither a flood from one host nor one spread over spoofed sources
 * can turn the responder into a reflector. The per-source buckets are bounded in number; the least
 * recently used is forgotten first.
 */
final class ReplyLimiter {

    private final Bucket global;
    private final double perSourceRate;
    private final int perSourceBurst;
    private final int maxSources;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Bucket> sources;

    ReplyLimiter(double perSourceRate, int perSourceBurst, double globalRate, int globalBurst,
                 int maxSources, LongSupplier nanoClock) {
        this.perSourceRate = perSourceRate;
        this.perSourceBurst = perSourceBurst;
        this.maxSources = maxSources;
        this.nanoClock = nanoClock;
        this.global = new Bucket(globalRate, globalBurst, nanoClock.getAsLong());
        this.sources = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > ReplyLimiter.this.maxSources;
            }
        };
    }

    /** Takes a token for a reply to {@code source}; false when its bucket or the global one is empty. */
    synchronized boolean tryAcquire(InetAddress source) {
        long now = nanoClock.getAsLong();
        Bucket own = sources.computeIfAbsent(source, s -> new Bucket(perSourceRate, perSourceBurst, now));
        own.refill(now);
        global.refill(now);
        if (own.tokens < 1 || global.tokens < 1) {
            return false;
        }
        own.tokens--;
        global.tokens--;
        return true;
    }

    /** One token bucket: {@code rate} tokens a second, at most {@code burst} saved up. */
    private static final class Bucket {
        private final double ratePerNano;
        private final int burst;
        private double tokens;
        private long last;

        Bucket(double ratePerSecond, int burst, long now) {
            this.ratePerNano = ratePerSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
            this.last = now;
        }

        void refill(long now) {
            long elapsed = now - last;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * ratePerNano);
                last = now;
            }
        }
    }
}
