package io.jetway.middleware.circuitbreaker;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The middleware around a breaker on a fake clock, kept as the middleware's state. */
class CircuitBreakerMiddlewareTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));

    /** Builds the middleware from options, its state (the breaker) running on the fake clock. */
    private CircuitBreakerMiddleware middleware(Map<String, Object> spec) {
        CircuitBreakerOptions options = CircuitBreakerOptions.from(Node.root(spec));
        CircuitBreaker breaker = new CircuitBreaker(options.condition(), options.checkPeriod(),
                options.fallbackDuration(), options.recoveryDuration(), now::get);
        return new CircuitBreakerMiddleware(options, stateOf(breaker));
    }

    private static MiddlewareContext stateOf(Object state) {
        MiddlewareContext probe = MiddlewareProbe.context();
        return new MiddlewareContext() {
            @Override
            public String name() {
                return probe.name();
            }

            @Override
            public Filter middleware(String name, String field) {
                return probe.middleware(name, field);
            }

            @Override
            public ServiceHandler service(String name, String field) {
                return probe.service(name, field);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T state(String key, Supplier<T> initial) {
                return (T) state;
            }
        };
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void closedItPassesOnAndCountsTheOutcomeUntilTheExpressionTrips() throws Exception {
        // Every response the probe's backend gives is a 200: the expression trips on them.
        CircuitBreakerMiddleware middleware = middleware(Map.of("expression", "ResponseCodeRatio(200, 300, 0, 600) > 0.5"));

        MiddlewareProbe first = MiddlewareProbe.get("/").run(middleware);
        assertTrue(first.passedOn());

        advanceMillis(100); // the next check period: the outcome counted opens the breaker
        MiddlewareProbe second = MiddlewareProbe.get("/").run(middleware);

        assertFalse(second.passedOn());
        assertEquals(503, second.status());
        assertEquals("Service Unavailable\n", second.responseBody());
        assertEquals("text/plain; charset=utf-8", second.responseHeader("Content-Type"));
    }

    @Test
    void openItAnswersTheResponseCodeUntilTheFallbackDurationEnds() throws Exception {
        CircuitBreakerOptions options = CircuitBreakerOptions.from(Node.root(Map.of(
                "expression", "NetworkErrorRatio() > 0.1", "responseCode", 502, "fallbackDuration", "1s",
                "recoveryDuration", "0")));
        CircuitBreaker breaker = new CircuitBreaker(options.condition(), options.checkPeriod(),
                options.fallbackDuration(), options.recoveryDuration(), now::get);
        assertTrue(breaker.allow());
        breaker.record(504, TimeUnit.MILLISECONDS.toNanos(5));
        advanceMillis(100);
        CircuitBreakerMiddleware middleware = new CircuitBreakerMiddleware(options, stateOf(breaker));

        MiddlewareProbe open = MiddlewareProbe.get("/").run(middleware);
        assertFalse(open.passedOn());
        assertEquals(502, open.status());
        assertEquals("Bad Gateway\n", open.responseBody());
        assertSame(CircuitBreaker.State.OPEN, breaker.state());

        advanceMillis(1000);
        assertTrue(MiddlewareProbe.get("/").run(middleware).passedOn(), "no recovery: closed again");
    }

    @Test
    void anUncommonResponseCodeIsNamedByNumber() throws Exception {
        CircuitBreakerMiddleware middleware = middleware(Map.of(
                "expression", "ResponseCodeRatio(200, 300, 0, 600) > 0.5", "responseCode", 418));
        MiddlewareProbe.get("/").run(middleware);
        advanceMillis(100);

        MiddlewareProbe probe = MiddlewareProbe.get("/").run(middleware);

        assertEquals(418, probe.status());
        assertEquals("Status 418\n", probe.responseBody());
    }
}
