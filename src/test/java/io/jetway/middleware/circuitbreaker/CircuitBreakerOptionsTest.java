package io.jetway.middleware.circuitbreaker;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerOptionsTest {

    /** Half the responses were network errors, all were 5xx, latencies the quantile in ms. */
    private static final CircuitBreakerExpression.Metrics METRICS = new CircuitBreakerExpression.Metrics() {
        @Override
        public double networkErrorRatio() {
            return 0.5;
        }

        @Override
        public double responseCodeRatio(int from, int to, int divFrom, int divTo) {
            return 1;
        }

        @Override
        public double latencyAtQuantileMs(double quantile) {
            return quantile;
        }
    };

    private static CircuitBreakerOptions parse(Map<String, Object> spec) {
        return CircuitBreakerOptions.from(Node.at("spec.circuitBreaker", spec));
    }

    private static void rejects(Map<String, Object> spec, String message) {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void traefiksDefaults() {
        CircuitBreakerOptions options = parse(Map.of("expression", "NetworkErrorRatio() > 0.3"));

        assertEquals("NetworkErrorRatio() > 0.3", options.expression());
        assertTrue(options.condition().test(METRICS));
        assertEquals(Duration.ofMillis(100), options.checkPeriod());
        assertEquals(Duration.ofSeconds(10), options.fallbackDuration());
        assertEquals(Duration.ofSeconds(10), options.recoveryDuration());
        assertEquals(503, options.responseCode());
    }

    @Test
    void readsEveryOption() {
        CircuitBreakerOptions options = parse(Map.of("expression", "LatencyAtQuantileMS(50.0) > 60",
                "checkPeriod", "2s", "fallbackDuration", "30s", "recoveryDuration", "0", "responseCode", 429));

        assertFalse(options.condition().test(METRICS));
        assertEquals(Duration.ofSeconds(2), options.checkPeriod());
        assertEquals(Duration.ofSeconds(30), options.fallbackDuration());
        assertEquals(Duration.ZERO, options.recoveryDuration());
        assertEquals(429, options.responseCode());
    }

    @Test
    void theExpressionIsRequiredAndMustParse() {
        rejects(Map.of(), "spec.circuitBreaker.expression: is required");
        rejects(Map.of("expression", "NetworkErrorRatio() >"),
                "spec.circuitBreaker.expression: expected a metric or a number at the end of \"NetworkErrorRatio() >\"");
    }

    @Test
    void eachBadValueNamesItsField() {
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "checkPeriod", "0s"),
                "spec.circuitBreaker.checkPeriod: must be positive");
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "checkPeriod", "often"),
                "spec.circuitBreaker.checkPeriod: invalid duration \"often\"");
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "fallbackDuration", "-1s"),
                "spec.circuitBreaker.fallbackDuration: must not be negative");
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "recoveryDuration", "-5ms"),
                "spec.circuitBreaker.recoveryDuration: must not be negative");
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "responseCode", 99),
                "spec.circuitBreaker.responseCode: not an HTTP status code: 99");
        rejects(Map.of("expression", "NetworkErrorRatio() > 0.5", "responseCode", 600),
                "spec.circuitBreaker.responseCode: not an HTTP status code: 600");
    }
}
