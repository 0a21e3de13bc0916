package io.jetway.dynamic;

import java.time.Duration;

/**
 * Passive health check (Traefik's {@code passiveHealthCheck}): a server whose requests fail
 * {@code maxFailedAttempts} times within {@code failureWindow} is left out of the rotation for
 * one more window. A failure is a request the server did not answer: connection refused or
 * reset, or no response in time.
 */
public record PassiveHealthCheck(Duration failureWindow, int maxFailedAttempts) {

    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_FAILED_ATTEMPTS = 1;
}
