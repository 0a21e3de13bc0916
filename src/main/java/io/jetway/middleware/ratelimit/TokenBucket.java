package io.jetway.middleware.ratelimit;

/**
 * One source's token bucket, as Go's rate.Limiter reserves: a request takes a token, the bucket
 * refills at {@code rate} up to {@code burst}, and a request that finds it empty may borrow
 * against the refill and wait, but only up to {@code maxDelay}. Times are nanoseconds of the
 * limiter's clock.
 */
final class TokenBucket {

    /** The outcome of a reservation: admitted after {@code waitNanos}, or rejected until a token is due in {@code waitNanos}. */
    record Reservation(boolean admitted, long waitNanos) {
    }

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double tokensPerNano, int burst, long now) {
        this.tokensPerNano = tokensPerNano;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    synchronized Reservation reserve(long now, long maxDelayNanos) {
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
            last = now;
        }
        double left = tokens - 1;
        long wait = left >= 0 ? 0 : (long) Math.ceil(-left / tokensPerNano);
        if (wait > maxDelayNanos) {
            return new Reservation(false, wait);
        }
        tokens = left;
        return new Reservation(true, wait);
    }
}
