package io.jetway.middleware.circuitbreaker;

import io.jetway.kube.Node;
import io.jetway.middleware.TrafficOptions;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The {@code circuitBreaker} middleware's options, with Traefik's defaults.
 *
 * @param expression       the trip condition as written (required)
 * @param condition        the same, parsed ({@link CircuitBreakerExpression})
 * @param checkPeriod      how often the condition is evaluated (100ms)
 * @param fallbackDuration how long the breaker stays open (10s)
 * @param recoveryDuration how long traffic takes to come back in full (10s)
 * @param responseCode     the status answered while open (503)
 */
public record CircuitBreakerOptions(String expression, Predicate<CircuitBreakerExpression.Metrics> condition,
                                    Duration checkPeriod, Duration fallbackDuration, Duration recoveryDuration,
                                    int responseCode) {

    public static CircuitBreakerOptions from(Node options) {
        Node expressionNode = options.get("expression");
        String expression = expressionNode.requiredString();
        Predicate<CircuitBreakerExpression.Metrics> condition;
        try {
            condition = CircuitBreakerExpression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(expressionNode.path(), e.getMessage());
        }
        Duration checkPeriod = TrafficOptions.positiveDuration(options.get("checkPeriod"), Duration.ofMillis(100));
        Duration fallback = nonNegative(options.get("fallbackDuration"), Duration.ofSeconds(10));
        Duration recovery = nonNegative(options.get("recoveryDuration"), Duration.ofSeconds(10));
        Node codeNode = options.get("responseCode");
        int responseCode = codeNode.integer(503);
        if (responseCode < 100 || responseCode > 599) {
            throw new Node.InvalidFieldException(codeNode.path(), "not an HTTP status code: " + responseCode);
        }
        return new CircuitBreakerOptions(expression, condition, checkPeriod, fallback, recovery, responseCode);
    }

    private static Duration nonNegative(Node node, Duration fallback) {
        Duration d = TrafficOptions.duration(node, fallback);
        if (d.isNegative()) {
            throw new Node.InvalidFieldException(node.path(), "must not be negative");
        }
        return d;
    }
}
