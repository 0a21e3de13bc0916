package io.jetway.middleware.circuitbreaker;

import io.jetway.kube.Node;
import io.jetway.middleware.ExchangeEnd;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.TrafficOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

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

    /** The breaker is the context's state: it survives a reload that keeps this definition. */
    public CircuitBreakerMiddleware(CircuitBreakerOptions options, MiddlewareContext context) {
        this.breaker = context.state("breaker", () -> new CircuitBreaker(options.condition(), options.checkPeriod(),
                options.fallbackDuration(), options.recoveryDuration(), System::nanoTime));
        this.responseCode = options.responseCode();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new CircuitBreakerMiddleware(CircuitBreakerOptions.from(options), context);
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
