package io.jetway.middleware.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The buckets of one rateLimit middleware, by source. At most {@code maxSources} buckets are kept:
 * the least recently used one goes first, so a flood of distinct sources cannot grow memory
 * without bound (a forgotten source starts again with a full bucket, as after a long pause).
 */
final class RateLimiter {

    /** Traefik keeps as many sources. */
    static final int MAX_SOURCES = 65_536;

    private final double tokensPerNano;
    private final int burst;
    private final long maxDelayNanos;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets;

    /**
     * @param average requests per {@code period}
     * @param clock   nanoseconds, {@link System#nanoTime} outside tests
     */
    RateLimiter(long average, Duration period, int burst, int maxSources, LongSupplier clock) {
        double perSecond = average * 1e9 / period.toNanos();
        this.tokensPerNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        // Traefik absorbs waits of up to half a request's interval; slow rates up to half a second.
        this.maxDelayNanos = perSecond < 1 ? 500_000_000L : (long) (1e9 / (2 * perSecond));
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    TokenBucket.Reservation reserve(String source) {
        long now = clock.getAsLong();
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(source, s -> new TokenBucket(tokensPerNano, burst, now));
        }
        return bucket.reserve(now, maxDelayNanos);
    }

    int sources() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
