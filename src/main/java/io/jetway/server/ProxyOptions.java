package io.jetway.server;

import java.time.Duration;

/**
 * How the proxy talks to backends (Traefik's default servers transport). A zero
 * responseHeaderTimeout means no limit, as in Traefik.
 */
public record ProxyOptions(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout,
                           int maxConnectionsPerServer) {

    public static final ProxyOptions DEFAULTS =
            new ProxyOptions(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90), 1024);
}
