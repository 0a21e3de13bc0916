package io.jetway.middleware.ratelimit;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rateLimit's options as a manifest writes them, with Traefik's defaults and each bad value naming its field. */
class RateLimitOptionsTest {

    private static RateLimitOptions parse(Map<String, Object> options) {
        return RateLimitOptions.from(Node.at("spec.rateLimit", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void defaultsAreNoLimitPerSecondWithABurstOfOneByRemoteAddress() {
        RateLimitOptions options = parse(Map.of());

        assertEquals(0, options.average());
        assertTrue(options.unlimited());
        assertEquals(Duration.ofSeconds(1), options.period());
        assertEquals(1, options.burst());
        assertEquals("192.0.2.7", options.sourceCriterion().source(
                MiddlewareProbe.get("/").remoteAddr("192.0.2.7").header("X-Forwarded-For", "203.0.113.1").request()));
    }

    @Test
    void everyOptionIsRead() {
        RateLimitOptions options = parse(Map.of("average", 100, "period", "1m", "burst", 50,
                "sourceCriterion", Map.of("requestHeaderName", "X-Tenant")));

        assertEquals(100, options.average());
        assertFalse(options.unlimited());
        assertEquals(Duration.ofMinutes(1), options.period());
        assertEquals(50, options.burst());
        assertEquals("acme", options.sourceCriterion().source(MiddlewareProbe.get("/").header("X-Tenant", "acme").request()));
    }

    @Test
    void averageIsAnInt64AndMayBeWrittenAsText() {
        assertEquals(5_000_000_000L, parse(Map.of("average", 5_000_000_000L)).average());
        assertEquals(7, parse(Map.of("average", "7")).average());
    }

    @Test
    void aBarePeriodCountsSeconds() {
        assertEquals(Duration.ofSeconds(10), parse(Map.of("average", 1, "period", "10")).period());
    }

    @Test
    void theSourceMayBeTheHostOrAnXForwardedForEntry() {
        assertEquals("a.test", parse(Map.of("sourceCriterion", Map.of("requestHost", true))).sourceCriterion()
                .source(MiddlewareProbe.get("/").header("Host", "a.test").request()));
        assertEquals("203.0.113.1", parse(Map.of("sourceCriterion", Map.of("ipStrategy", Map.of("depth", 1))))
                .sourceCriterion().source(MiddlewareProbe.get("/").header("X-Forwarded-For", "203.0.113.1").request()));
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals("spec.rateLimit.average: must not be negative, got -5", error(Map.of("average", -5)));
        assertEquals("spec.rateLimit.average: expected an integer, got \"many\"", error(Map.of("average", "many")));
        assertEquals("spec.rateLimit.period: invalid duration \"soon\"", error(Map.of("period", "soon")));
        assertEquals("spec.rateLimit.period: must be positive", error(Map.of("period", "0s")));
        assertEquals("spec.rateLimit.burst: must not be negative, got -1", error(Map.of("burst", -1)));
        assertEquals("spec.rateLimit.sourceCriterion: ipStrategy, requestHeaderName and requestHost are mutually exclusive",
                error(Map.of("sourceCriterion", Map.of("requestHost", true, "requestHeaderName", "X-Tenant"))));
        assertEquals("spec.rateLimit.sourceCriterion.ipStrategy.depth: must not be negative, got -2",
                error(Map.of("sourceCriterion", Map.of("ipStrategy", Map.of("depth", -2)))));
        assertTrue(error(Map.of("sourceCriterion", Map.of("ipStrategy", Map.of("excludedIPs", List.of("nope")))))
                .startsWith("spec.rateLimit.sourceCriterion.ipStrategy.excludedIPs[0]: "));
    }
}
