package io.jetway.server;

import io.jetway.config.ServersTransportConfig;

import java.time.Duration;

/**
 * How the proxy talks to backends (Traefik's default servers transport). A zero
 * responseHeaderTimeout means no limit, as in Traefik.
 */
public record ProxyOptions(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout,
                           int maxConnectionsPerServer) {

    /** Jetty's pool has no idle-only limit; this caps open connections per server instead. */
    private static final int MAX_CONNECTIONS_PER_SERVER = 1024;

    public static final ProxyOptions DEFAULTS = from(ServersTransportConfig.DEFAULTS);

    public static ProxyOptions from(ServersTransportConfig transport) {
        return new ProxyOptions(transport.dialTimeout(), transport.responseHeaderTimeout(), transport.idleConnTimeout(),
                MAX_CONNECTIONS_PER_SERVER);
    }
}
