package io.jetway.middleware.ratelimit;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.middleware.SourceCriterion;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rateLimit on in-memory requests: admitted ones pass on, the rest get 429 with Retry-After. */
class RateLimitMiddlewareTest {

    private static Filter rateLimit(Map<String, Object> options) {
        return RateLimitMiddleware.create(Node.at("spec.rateLimit", options), MiddlewareProbe.context());
    }

    private static MiddlewareProbe from(String address) {
        return MiddlewareProbe.get("/").remoteAddr(address);
    }

    @Test
    void theBurstPassesThenA429SaysWhenToComeBack() throws Exception {
        Filter limit = rateLimit(Map.of("average", 1, "period", "1h", "burst", 2));

        assertTrue(from("192.0.2.1").run(limit).passedOn());
        assertTrue(from("192.0.2.1").run(limit).passedOn());
        MiddlewareProbe refused = from("192.0.2.1").run(limit);

        assertFalse(refused.passedOn());
        assertEquals(429, refused.status());
        assertEquals("3600", refused.responseHeader("Retry-After"));
        assertEquals("text/plain; charset=utf-8", refused.responseHeader("Content-Type"));
        assertEquals("nosniff", refused.responseHeader("X-Content-Type-Options"));
        assertEquals("Too Many Requests\n", refused.responseBody());
    }

    @Test
    void eachSourceHasItsOwnBucket() throws Exception {
        Filter limit = rateLimit(Map.of("average", 1, "period", "1h"));

        assertTrue(from("192.0.2.1").run(limit).passedOn());
        assertFalse(from("192.0.2.1").run(limit).passedOn());
        assertTrue(from("192.0.2.2").run(limit).passedOn());
    }

    @Test
    void aRequestHeaderCanNameTheSource() throws Exception {
        Filter limit = rateLimit(Map.of("average", 1, "period", "1h",
                "sourceCriterion", Map.of("requestHeaderName", "X-Tenant")));

        assertTrue(from("192.0.2.1").header("X-Tenant", "acme").run(limit).passedOn());
        assertFalse(from("192.0.2.2").header("X-Tenant", "acme").run(limit).passedOn());
        assertTrue(from("192.0.2.1").header("X-Tenant", "other").run(limit).passedOn());
    }

    @Test
    void anAverageOfZeroLimitsNothing() throws Exception {
        Filter limit = rateLimit(Map.of("average", 0, "burst", 1));

        for (int i = 0; i < 20; i++) {
            MiddlewareProbe probe = from("192.0.2.1").run(limit);
            assertTrue(probe.passedOn());
            assertNull(probe.responseHeader("Retry-After"));
        }
    }

    @Test
    void tokensComeBackWithTimeAndAShortWaitIsDelayedNotRefused() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimitMiddleware limit = new RateLimitMiddleware(SourceCriterion.parse(Node.root(null)),
                new RateLimiter(10, Duration.ofSeconds(1), 1, 100, now::get)); // a token per 100 ms, waits up to 50 ms

        assertTrue(from("192.0.2.1").run(limit).passedOn());
        MiddlewareProbe refused = from("192.0.2.1").run(limit);
        assertEquals(429, refused.status());
        assertEquals("1", refused.responseHeader("Retry-After")); // 100 ms rounded up to whole seconds
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(from("192.0.2.1").run(limit).passedOn());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(70)); // the next token is due in 30 ms
        long start = System.nanoTime();
        assertTrue(from("192.0.2.1").run(limit).passedOn());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(29), "delayed until the token was due");
    }
}
