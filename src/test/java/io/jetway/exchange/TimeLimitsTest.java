package io.jetway.exchange;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What an attempt at the backend may take under a route's request and backendRequest timeouts. */
class TimeLimitsTest {

    private static final long START = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static long attempt(Duration request, Duration backendRequest, long elapsedMillis) {
        return new TimeLimits(START, request, backendRequest).attemptMillis(START + elapsedMillis * MS);
    }

    @Test
    void theShorterOfBackendRequestAndWhatIsLeftOfRequest() {
        assertEquals(0, attempt(Duration.ZERO, Duration.ZERO, 0), "no limits");
        assertEquals(500, attempt(Duration.ZERO, Duration.ofMillis(500), 10_000), "backendRequest alone, per attempt");
        assertEquals(1000, attempt(Duration.ofSeconds(1), Duration.ZERO, 0));
        assertEquals(700, attempt(Duration.ofSeconds(1), Duration.ZERO, 300), "the request's clock runs from the start");
        assertEquals(500, attempt(Duration.ofSeconds(1), Duration.ofMillis(500), 300));
        assertEquals(200, attempt(Duration.ofSeconds(1), Duration.ofMillis(500), 800), "a late retry gets what is left");
        assertEquals(1, attempt(Duration.ofSeconds(1), Duration.ofMillis(500), 5_000), "time is up: fail at once");
    }
}
