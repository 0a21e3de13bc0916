package io.jetway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Traefik's {@code entryPoints.<name>.transport.respondingTimeouts}, with Go's http.Server
 * semantics, plus Jetway's own bound on the request head. Zero means no limit.
 *
 * @param readTimeout       reading the whole request, head and body, from its first byte (a new
 *                          connection: from the accept)
 * @param writeTimeout      from the end of the request head until the response is written
 * @param idleTimeout       waiting for the next request on a kept-alive connection; zero falls back
 *                          to readTimeout, as in Go
 * @param readHeaderTimeout Jetway's: reading the request head, even when readTimeout is zero, so that
 *                          a slow upload can be allowed without letting a slow head hold a connection
 */
public record RespondingTimeoutsConfig(Duration readTimeout, Duration writeTimeout, Duration idleTimeout,
                                       Duration readHeaderTimeout) {

    public static final RespondingTimeoutsConfig DEFAULTS = new RespondingTimeoutsConfig(Duration.ofSeconds(60),
            Duration.ZERO, Duration.ofSeconds(180), Duration.ofSeconds(60));

    public RespondingTimeoutsConfig {
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(readHeaderTimeout, "readHeaderTimeout");
    }

    /** The bound on the request head: the shorter of readHeaderTimeout and readTimeout that is set; zero when neither is. */
    public Duration headTimeout() {
        if (readTimeout.isZero()) {
            return readHeaderTimeout;
        }
        return readHeaderTimeout.isZero() || readTimeout.compareTo(readHeaderTimeout) < 0 ? readTimeout : readHeaderTimeout;
    }

    /** The wait for the next request: idleTimeout, or readTimeout when it is zero (Go's rule); zero when both are. */
    public Duration effectiveIdleTimeout() {
        return idleTimeout.isZero() ? readTimeout : idleTimeout;
    }
}
