package io.jetway.exchange;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a request may take, as a route set it (the Gateway API's HTTPRoute {@code timeouts}):
 * the whole request from the moment the limits were set, and each attempt at the backend from
 * the moment it is sent to its response's last byte. The proxy obeys it with the attempt's total
 * timeout; a request that runs out of either gets a timeout's answer (504) while nothing was
 * written yet, else its response is cut.
 *
 * @param startedNanos   {@link System#nanoTime()} when the limits were set (just after routing)
 * @param request        the whole request; zero for no limit
 * @param backendRequest one attempt at the backend; zero for no limit
 */
public record TimeLimits(long startedNanos, Duration request, Duration backendRequest) {

    /**
     * The milliseconds an attempt sent now may take: the backendRequest limit, cut to what is left of
     * the request's; 0 for no limit; at least 1 (so an attempt made after the request's time ran out
     * fails at once as a timeout).
     */
    public long attemptMillis(long nowNanos) {
        long limit = Long.MAX_VALUE;
        if (!backendRequest.isZero() && !backendRequest.isNegative()) {
            limit = Math.max(1, backendRequest.toMillis());
        }
        if (!request.isZero() && !request.isNegative()) {
            long leftNanos = request.toNanos() - (nowNanos - startedNanos);
            limit = Math.min(limit, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999)));
        }
        return limit == Long.MAX_VALUE ? 0 : limit;
    }
}
