package io.jetway.middleware;

import io.jetway.model.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * {@code circuitBreaker}: stops sending requests to a service whose recent responses meet the
 * {@code expression} (see {@link CircuitBreakerExpression}), answering {@code responseCode}
 * instead, then lets traffic back gradually (see {@link CircuitBreaker}). Outcomes are the final
 * status and latency of each exchange that went through, taken when it really ends (the proxy is
 * asynchronous); Jetway's own 502 and 504 for a backend that could not be reached or timed out
 * are the network errors. The breaker's state survives reloads while the definition is unchanged.
 */
public final class CircuitBreakerMiddleware extends HttpMiddleware {

    private final CircuitBreaker breaker;
    private final int responseCode;

    private CircuitBreakerMiddleware(CircuitBreaker breaker, int responseCode) {
        this.breaker = breaker;
        this.responseCode = responseCode;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        Node expressionNode = options.get("expression");
        Predicate<CircuitBreakerExpression.Metrics> condition;
        try {
            condition = CircuitBreakerExpression.parse(expressionNode.requiredString());
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
        CircuitBreaker breaker = context.state("breaker",
                () -> new CircuitBreaker(condition, checkPeriod, fallback, recovery, System::nanoTime));
        return new CircuitBreakerMiddleware(breaker, responseCode);
    }

    private static Duration nonNegative(Node node, Duration fallback) {
        Duration d = TrafficOptions.duration(node, fallback);
        if (d.isNegative()) {
            throw new Node.InvalidFieldException(node.path(), "must not be negative");
        }
        return d;
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (!breaker.allow()) {
            TrafficOptions.plain(response, responseCode, reason(responseCode));
            return;
        }
        long start = System.nanoTime();
        ExchangeEnd.proceed(request, response, next, status -> breaker.record(status, System.nanoTime() - start));
    }

    private static String reason(int code) {
        return switch (code) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 429 -> "Too Many Requests";
            default -> "Status " + code;
        };
    }
}
