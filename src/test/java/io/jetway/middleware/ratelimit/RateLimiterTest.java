package io.jetway.middleware.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets on a fake clock. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(long average, Duration period, int burst, int maxSources) {
        return new RateLimiter(average, period, burst, maxSources, now::get);
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void theBurstGoesAtOnceThenTheRateRefills() {
        RateLimiter limiter = limiter(10, Duration.ofSeconds(1), 3, 100); // one token per 100 ms
        for (int i = 0; i < 3; i++) {
            TokenBucket.Reservation r = limiter.reserve("a");
            assertTrue(r.admitted());
            assertEquals(0, r.waitNanos());
        }
        TokenBucket.Reservation rejected = limiter.reserve("a");
        assertFalse(rejected.admitted());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), rejected.waitNanos());
        advance(100);
        assertTrue(limiter.reserve("a").admitted());
        assertFalse(limiter.reserve("a").admitted());
    }

    @Test
    void aShortWaitOfAtMostHalfAnIntervalIsAbsorbedByDelay() {
        RateLimiter limiter = limiter(10, Duration.ofSeconds(1), 1, 100); // max delay 50 ms
        assertTrue(limiter.reserve("a").admitted());
        advance(60); // 0.6 token: the next one is due in 40 ms
        TokenBucket.Reservation delayed = limiter.reserve("a");
        assertTrue(delayed.admitted());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(40), delayed.waitNanos(), TimeUnit.MICROSECONDS.toNanos(1));
        // the delayed one borrowed against the refill: the bucket is at -0.4
        advance(30);
        TokenBucket.Reservation rejected = limiter.reserve("a");
        assertFalse(rejected.admitted());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(110), rejected.waitNanos(), TimeUnit.MICROSECONDS.toNanos(1));
    }

    @Test
    void aRejectedRequestTakesNoToken() {
        RateLimiter limiter = limiter(1, Duration.ofSeconds(1), 1, 100);
        assertTrue(limiter.reserve("a").admitted());
        for (int i = 0; i < 5; i++) {
            assertFalse(limiter.reserve("a").admitted());
        }
        advance(1000);
        assertTrue(limiter.reserve("a").admitted());
    }

    @Test
    void slowRatesAbsorbUpToHalfASecond() {
        RateLimiter limiter = limiter(1, Duration.ofMinutes(1), 1, 100);
        assertTrue(limiter.reserve("a").admitted());
        advance(59_500);
        assertTrue(limiter.reserve("a").admitted()); // due in 500 ms
        assertFalse(limiter.reserve("a").admitted());
    }

    @Test
    void sourcesHaveSeparateBuckets() {
        RateLimiter limiter = limiter(1, Duration.ofHours(1), 1, 100);
        assertTrue(limiter.reserve("a").admitted());
        assertFalse(limiter.reserve("a").admitted());
        assertTrue(limiter.reserve("b").admitted());
    }

    @Test
    void bucketsAreBoundedByLeastRecentUse() {
        RateLimiter limiter = limiter(1, Duration.ofHours(1), 1, 3);
        for (String source : new String[]{"a", "b", "c"}) {
            assertTrue(limiter.reserve(source).admitted());
        }
        assertFalse(limiter.reserve("a").admitted()); // a is now the most recently used
        for (int i = 0; i < 1000; i++) {
            limiter.reserve("flood-" + i);
            assertTrue(limiter.sources() <= 3);
        }
        // a, b, c were forgotten: they start again with a full bucket
        assertTrue(limiter.reserve("a").admitted());
        assertEquals(3, limiter.sources());
    }

    @Test
    void theRecentlyUsedSourceIsKeptWhenTheOldestGoes() {
        RateLimiter limiter = limiter(1, Duration.ofHours(1), 1, 2);
        assertTrue(limiter.reserve("a").admitted());
        assertTrue(limiter.reserve("b").admitted());
        assertFalse(limiter.reserve("a").admitted()); // touches a
        assertTrue(limiter.reserve("c").admitted()); // evicts b
        assertFalse(limiter.reserve("a").admitted());
        assertTrue(limiter.reserve("b").admitted());
    }
}
