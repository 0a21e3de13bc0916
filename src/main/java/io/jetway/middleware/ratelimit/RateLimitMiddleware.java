package io.jetway.middleware.ratelimit;

import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.SourceCriterion;
import io.jetway.middleware.TrafficOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code rateLimit}: a token bucket per source ({@code average} per {@code period}, {@code burst}
 * at once). A request that must wait a little (at most half the interval between two requests)
 * is delayed; a longer wait is a 429 with Retry-After in whole seconds. The delay sleeps on the
 * request's thread: it is short by construction (at most 500 ms, 5 ms at 100 requests per second),
 * and the servlet chain offers no way to resume it later without re-dispatching the request.
 */
public final class RateLimitMiddleware extends HttpMiddleware {

    private final SourceCriterion criterion;
    private final RateLimiter limiter;

    RateLimitMiddleware(SourceCriterion criterion, RateLimiter limiter) {
        this.criterion = criterion;
        this.limiter = limiter;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        RateLimitOptions settings = RateLimitOptions.from(options);
        if (settings.unlimited()) {
            return new HttpMiddleware() {
                @Override
                protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                        throws IOException, ServletException {
                    next.doFilter(request, response);
                }
            };
        }
        RateLimiter limiter = context.state("buckets", () -> new RateLimiter(settings.average(), settings.period(),
                settings.burst(), RateLimiter.MAX_SOURCES, System::nanoTime));
        return new RateLimitMiddleware(settings.sourceCriterion(), limiter);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        TokenBucket.Reservation reservation = limiter.reserve(criterion.source(request));
        if (!reservation.admitted()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(reservation.waitNanos() + 999_999_999L));
            response.setHeader("Retry-After", Long.toString(seconds));
            TrafficOptions.plain(response, 429, "Too Many Requests");
            return;
        }
        if (reservation.waitNanos() > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(reservation.waitNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                TrafficOptions.plain(response, 503, "Service Unavailable"); // shutting down
                return;
            }
        }
        next.doFilter(request, response);
    }
}
