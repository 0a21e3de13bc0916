package io.jetway.tls.acme;

import java.time.Duration;

/**
 * Delays between failed attempts: {@code initial}, then doubled after each failure, never above
 * {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    /** Let's Encrypt's rate limits make fast retries pointless; an hour caps the wait. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The wait after the n-th consecutive failure (n from 1). */
    public Duration after(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
