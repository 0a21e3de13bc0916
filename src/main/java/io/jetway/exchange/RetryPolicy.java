package io.jetway.exchange;


import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's retry hook: set on the request's {@link Exchange} by the retry middleware,
 * consulted by the proxy when the backend failed before sending anything back. Another attempt
 * picks a server again through the router's service and goes out after an exponential backoff;
 * the body is replayed from the request's {@link BufferedBody}, which the middleware made sure of
 * when there is a body.
 */
public final class RetryPolicy {

    private final int attempts;
    private final Duration initialInterval;
    private final AtomicInteger made = new AtomicInteger(1);

    public RetryPolicy(int attempts, Duration initialInterval) {
        this.attempts = attempts;
        this.initialInterval = initialInterval;
    }

    /**
     * Counts another attempt and says how long to wait before it: initialInterval, then twice as
     * long each time; null when all attempts are used.
     */
    public Duration nextAttempt() {
        int attempt = made.incrementAndGet();
        if (attempt > attempts) {
            return null;
        }
        int doublings = Math.min(attempt - 2, 20);
        return initialInterval.multipliedBy(1L << doublings);
    }

    /** Whether the request is being sent again (the mirrors and such went out with the first attempt). */
    public boolean isRetrying() {
        return made.get() > 1;
    }

    public int attemptsMade() {
        return made.get();
    }

    /** How many times the request was sent again so far (for traefik_service_retries_total). */
    public int retriesMade() {
        return Math.min(made.get(), attempts) - 1;
    }
}
