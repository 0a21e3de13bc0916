package io.jetway.middleware.retry;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryOptionsTest {

    private static RetryOptions parse(Map<String, Object> spec) {
        return RetryOptions.from(Node.at("spec.retry", spec));
    }

    private static void rejects(Map<String, Object> spec, String message) {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void initialIntervalDefaultsToTraefiks100Milliseconds() {
        assertEquals(new RetryOptions(3, Duration.ofMillis(100)), parse(Map.of("attempts", 3)));
    }

    @Test
    void readsEveryOption() {
        assertEquals(new RetryOptions(4, Duration.ofMillis(250)), parse(Map.of("attempts", 4, "initialInterval", "250ms")));
        assertEquals(new RetryOptions(2, Duration.ZERO), parse(Map.of("attempts", "2", "initialInterval", "0")));
        assertEquals(new RetryOptions(2, Duration.ofSeconds(3)), parse(Map.of("attempts", 2, "initialInterval", "3")));
    }

    @Test
    void attemptsAreRequiredAndPositive() {
        rejects(Map.of(), "spec.retry.attempts: must be a positive number of attempts");
        rejects(Map.of("attempts", 0), "spec.retry.attempts: must be a positive number of attempts");
        rejects(Map.of("attempts", -2), "spec.retry.attempts: must be a positive number of attempts");
        rejects(Map.of("attempts", "many"), "spec.retry.attempts: expected an integer, got \"many\"");
    }

    @Test
    void initialIntervalIsANonNegativeDuration() {
        rejects(Map.of("attempts", 2, "initialInterval", "-1s"), "spec.retry.initialInterval: must not be negative");
        rejects(Map.of("attempts", 2, "initialInterval", "soon"), "spec.retry.initialInterval: invalid duration \"soon\"");
    }
}
