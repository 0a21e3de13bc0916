package io.jetway.middleware.circuitbreaker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's states on a fake clock: check period 100 ms, fallback 10 s, recovery 10 s. */
class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));

    private CircuitBreaker breaker(String expression) {
        return new CircuitBreaker(CircuitBreakerExpression.parse(expression), Duration.ofMillis(100),
                Duration.ofSeconds(10), Duration.ofSeconds(10), now::get);
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static void outcomes(CircuitBreaker breaker, int count, int status) {
        for (int i = 0; i < count; i++) {
            assertTrue(breaker.allow());
            breaker.record(status, TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void opensOnNetworkErrorsAtTheNextCheckAndAnswersTheFallbackForItsDuration() {
        CircuitBreaker breaker = breaker("NetworkErrorRatio() > 0.5");
        outcomes(breaker, 4, 200);
        outcomes(breaker, 4, 502);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state()); // 50%: not above
        outcomes(breaker, 1, 504);
        advance(100);
        assertFalse(breaker.allow());
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        advance(9_000);
        assertFalse(breaker.allow());
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void staysClosedBetweenChecks() {
        CircuitBreaker breaker = breaker("NetworkErrorRatio() > 0.5");
        outcomes(breaker, 10, 502);
        advance(50);
        assertTrue(breaker.allow());
        advance(50);
        assertFalse(breaker.allow());
    }

    @Test
    void opensOnAResponseCodeRatio() {
        CircuitBreaker breaker = breaker("ResponseCodeRatio(500, 600, 0, 600) > 0.25");
        outcomes(breaker, 3, 200);
        outcomes(breaker, 1, 500);
        advance(100);
        assertTrue(breaker.allow()); // exactly 25%
        breaker.record(503, 0);
        advance(100);
        assertFalse(breaker.allow());
    }

    @Test
    void opensOnLatency() {
        CircuitBreaker breaker = breaker("LatencyAtQuantileMS(50.0) > 100");
        for (int i = 0; i < 10; i++) {
            assertTrue(breaker.allow());
            breaker.record(200, TimeUnit.MILLISECONDS.toNanos(i < 6 ? 300 : 10));
        }
        advance(100);
        assertFalse(breaker.allow());
    }

    @Test
    void recoversWithALinearlyGrowingShareThenCloses() {
        CircuitBreaker breaker = breaker("NetworkErrorRatio() > 0.5");
        outcomes(breaker, 5, 502);
        advance(100);
        assertFalse(breaker.allow());
        advance(10_000);
        // the recovery starts: at first (almost) nothing goes through
        assertFalse(breaker.allow());
        assertEquals(CircuitBreaker.State.RECOVERING, breaker.state());
        advance(2_500); // a quarter of the way
        int passed = 0;
        for (int i = 0; i < 400; i++) {
            passed += breaker.allow() ? 1 : 0;
        }
        assertEquals(100, passed, 1);
        advance(5_000); // three quarters
        passed = 0;
        for (int i = 0; i < 400; i++) {
            passed += breaker.allow() ? 1 : 0;
        }
        assertTrue(passed > 100, "passed " + passed); // the share of all admitted catches up with 75%
        advance(2_500);
        outcomes(breaker, 20, 200);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void tripsAgainWhileRecovering() {
        CircuitBreaker breaker = breaker("NetworkErrorRatio() > 0.5");
        outcomes(breaker, 5, 502);
        advance(100);
        assertFalse(breaker.allow());
        advance(10_000);
        breaker.allow();
        advance(5_000);
        int passed = 0;
        for (int i = 0; i < 10; i++) {
            if (breaker.allow()) {
                passed++;
                breaker.record(502, 0);
            }
        }
        assertTrue(passed > 0);
        advance(100);
        assertFalse(breaker.allow());
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void outcomesOlderThanTheWindowNoLongerCount() {
        CircuitBreaker breaker = breaker("NetworkErrorRatio() > 0.5");
        outcomes(breaker, 5, 502);
        advance(10_000);
        outcomes(breaker, 1, 200);
        advance(100);
        assertTrue(breaker.allow());
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }
}
