package io.jetway.middleware.retry;

import io.jetway.kube.Node;
import io.jetway.middleware.TrafficOptions;

import java.time.Duration;

/**
 * The {@code retry} middleware's options.
 *
 * @param attempts        how many times in all the request may go out (required, positive)
 * @param initialInterval the wait before the first resend, doubled for each one after (100ms by default)
 */
public record RetryOptions(int attempts, Duration initialInterval) {

    public static RetryOptions from(Node options) {
        Node attemptsNode = options.get("attempts");
        int attempts = attemptsNode.integer(0);
        if (attempts <= 0) {
            throw new Node.InvalidFieldException(attemptsNode.path(), "must be a positive number of attempts");
        }
        Node intervalNode = options.get("initialInterval");
        Duration interval = TrafficOptions.duration(intervalNode, Duration.ofMillis(100));
        if (interval.isNegative()) {
            throw new Node.InvalidFieldException(intervalNode.path(), "must not be negative");
        }
        return new RetryOptions(attempts, interval);
    }
}
