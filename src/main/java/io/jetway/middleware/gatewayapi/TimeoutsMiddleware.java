package io.jetway.middleware.gatewayapi;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.TimeLimits;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.util.GoDuration;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code gatewayTimeouts}: an HTTPRoute rule's {@code timeouts} ({@code request},
 * {@code backendRequest}; absent or zero for none), which Traefik does not implement. It only
 * records the limits in the request's {@link Exchange}, starting the request's clock; the proxy
 * gives each attempt at the backend the shorter of backendRequest and what is left of request.
 * The translator puts it first among the router's middlewares, so the clock starts as routing ends.
 */
public final class TimeoutsMiddleware extends HttpMiddleware {

    private final Duration request;
    private final Duration backendRequest;

    public TimeoutsMiddleware(Duration request, Duration backendRequest) {
        this.request = request;
        this.backendRequest = backendRequest;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new TimeoutsMiddleware(duration(options.get("request")), duration(options.get("backendRequest")));
    }

    private static Duration duration(Node node) {
        if (node.isMissing()) {
            return Duration.ZERO;
        }
        try {
            Duration d = GoDuration.parse(node.requiredString());
            if (d.isNegative()) {
                throw new Node.InvalidFieldException(node.path(), "must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(node.path(), e.getMessage());
        }
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange.of(request).limitTime(new TimeLimits(System.nanoTime(), this.request, backendRequest));
        next.doFilter(request, response);
    }
}
