package io.jetway.middleware.circuitbreaker;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The state machine behind the circuitBreaker middleware, as oxy's (Traefik's) works. Closed: all
 * requests go through, and every {@code checkPeriod} the condition is evaluated on the recent
 * outcomes. Tripped, it is open: requests get the fallback for {@code fallbackDuration}. Then it
 * is recovering: a share of requests growing linearly from 0 to all over
 * {@code recoveryDuration} goes through; the condition tripping again opens it again, and the end
 * of the recovery closes it. Outcomes are counted afresh in each state. Times are nanoseconds of
 * the breaker's clock.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, RECOVERING }

    private final Predicate<CircuitBreakerExpression.Metrics> condition;
    private final long checkPeriod;
    private final long fallbackDuration;
    private final long recoveryDuration;
    private final LongSupplier clock;
    private final RollingMetrics metrics = new RollingMetrics(10, 1_000_000_000L);

    private State state = State.CLOSED;
    /** When the open state ends, or the recovery does. */
    private long until;
    private long nextCheck;
    private long recoveryStart;
    private long allowed;
    private long denied;

    CircuitBreaker(Predicate<CircuitBreakerExpression.Metrics> condition, Duration checkPeriod, Duration fallbackDuration,
                   Duration recoveryDuration, LongSupplier clock) {
        this.condition = condition;
        this.checkPeriod = checkPeriod.toNanos();
        this.fallbackDuration = fallbackDuration.toNanos();
        this.recoveryDuration = recoveryDuration.toNanos();
        this.clock = clock;
        this.nextCheck = clock.getAsLong() + this.checkPeriod;
    }

    /** Whether this request may go to the service; false: answer the fallback. */
    synchronized boolean allow() {
        long now = clock.getAsLong();
        if (now >= nextCheck) {
            nextCheck = now + checkPeriod;
            check(now);
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> {
                if (now < until) {
                    yield false;
                }
                recover(now);
                yield admitDuringRecovery(now);
            }
            case RECOVERING -> admitDuringRecovery(now);
        };
    }

    /** Counts the outcome of a request that went through. */
    synchronized void record(int status, long latencyNanos) {
        if (state != State.OPEN) {
            metrics.record(clock.getAsLong(), status, latencyNanos);
        }
    }

    synchronized State state() {
        return state;
    }

    private void check(long now) {
        metrics.advance(now);
        switch (state) {
            case CLOSED -> {
                if (metrics.total() > 0 && condition.test(metrics)) {
                    open(now);
                }
            }
            case RECOVERING -> {
                if (metrics.total() > 0 && condition.test(metrics)) {
                    open(now);
                } else if (now >= until) {
                    state = State.CLOSED;
                    metrics.reset();
                }
            }
            case OPEN -> {
                // waits for the fallback duration to end
            }
        }
    }

    private void open(long now) {
        state = State.OPEN;
        until = now + fallbackDuration;
        metrics.reset();
    }

    private void recover(long now) {
        state = State.RECOVERING;
        recoveryStart = now;
        until = now + recoveryDuration;
        allowed = 0;
        denied = 0;
        metrics.reset();
    }

    /** Lets requests through so that their share follows the elapsed part of the recovery. */
    private boolean admitDuringRecovery(long now) {
        if (now >= until) {
            state = State.CLOSED;
            metrics.reset();
            return true;
        }
        // As oxy's ratio controller: admit when the share of admitted requests so far, this one
        // included, stays under the elapsed part of the recovery.
        double target = (double) (now - recoveryStart) / recoveryDuration;
        double share = (double) (allowed + 1) / (allowed + 1 + denied);
        if (share < target) {
            allowed++;
            return true;
        }
        denied++;
        return false;
    }
}
