package io.jetway.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Traefik's default servers transport (static {@code serversTransport}): how Jetway talks to
 * backends unless a ServersTransport object says otherwise. A zero responseHeaderTimeout means
 * no limit.
 *
 * @param insecureSkipVerify HTTPS backends' certificates are not checked
 * @param rootCAs            the CAs (PEM text, read from the files or given inline) that HTTPS
 *                           backends' certificates must chain to instead of the JDK's; empty: the JDK's
 * @param maxIdleConnsPerHost idle connections kept per backend server (Traefik's: 0 is Go's default
 *                           of 2, negative keeps none)
 */
public record ServersTransportConfig(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout,
                                     boolean insecureSkipVerify, List<String> rootCAs, int maxIdleConnsPerHost) {

    /** Traefik's default for {@code maxIdleConnsPerHost}. */
    public static final int DEFAULT_MAX_IDLE_CONNS_PER_HOST = 200;

    public static final ServersTransportConfig DEFAULTS =
            new ServersTransportConfig(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));

    public ServersTransportConfig {
        Objects.requireNonNull(dialTimeout, "dialTimeout");
        Objects.requireNonNull(responseHeaderTimeout, "responseHeaderTimeout");
        Objects.requireNonNull(idleConnTimeout, "idleConnTimeout");
        rootCAs = rootCAs == null ? List.of() : List.copyOf(rootCAs);
    }

    public ServersTransportConfig(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout) {
        this(dialTimeout, responseHeaderTimeout, idleConnTimeout, false, List.of(), DEFAULT_MAX_IDLE_CONNS_PER_HOST);
    }
}
