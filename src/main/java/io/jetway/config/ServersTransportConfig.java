package io.jetway.config;

import java.time.Duration;

/**
 * Traefik's default servers transport (static {@code serversTransport}): how Jetway talks to
 * backends unless a ServersTransport object says otherwise. A zero responseHeaderTimeout means
 * no limit.
 */
public record ServersTransportConfig(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout) {

    public static final ServersTransportConfig DEFAULTS =
            new ServersTransportConfig(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));
}
