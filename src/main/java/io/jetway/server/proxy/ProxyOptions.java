package io.jetway.server.proxy;

import io.jetway.config.ConnectionLimitsConfig;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.ServersTransportConfig;
import io.jetway.config.StaticConfig;

import java.time.Duration;

/**
 * How the proxy talks to backends (Traefik's default servers transport). A zero
 * responseHeaderTimeout means no limit, as in Traefik. {@code insecureSkipVerify} and {@code rootCAs}
 * (PEM) decide how HTTPS backends without a ServersTransport are trusted.
 *
 * @param maxHeadBytes the largest request head the backend clients send: what the entry points
 *                     accept, plus room for the headers Jetway adds (X-Forwarded-*, middlewares)
 */
public record ProxyOptions(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout,
                           int maxConnectionsPerServer, int maxHeadBytes, boolean insecureSkipVerify,
                           java.util.List<String> rootCAs, int maxIdleConnsPerHost) {

    public ProxyOptions {
        rootCAs = rootCAs == null ? java.util.List.of() : java.util.List.copyOf(rootCAs);
    }

    /** Jetty's pool has no idle-only limit; this caps open connections per server instead. */
    private static final int MAX_CONNECTIONS_PER_SERVER = 1024;
    /** Room for what Jetway adds to a request head it forwards. */
    static final int ADDED_HEADERS_ROOM = 64 * 1024;

    public static final ProxyOptions DEFAULTS = from(ServersTransportConfig.DEFAULTS);

    /** For entry points that accept heads of the default size. */
    public static ProxyOptions from(ServersTransportConfig transport) {
        return from(transport, ConnectionLimitsConfig.DEFAULT_MAX_HEADER_BYTES);
    }

    /** The static configuration's servers transport, sized for its entry points' largest request head. */
    public static ProxyOptions from(StaticConfig config) {
        int largest = ConnectionLimitsConfig.DEFAULT_MAX_HEADER_BYTES;
        for (EntryPointConfig ep : config.entryPoints().values()) {
            largest = Math.max(largest, ep.connectionLimits().maxHeaderBytes());
        }
        return from(config.serversTransport(), largest);
    }

    private static ProxyOptions from(ServersTransportConfig transport, int frontHeadBytes) {
        return new ProxyOptions(transport.dialTimeout(), transport.responseHeaderTimeout(), transport.idleConnTimeout(),
                MAX_CONNECTIONS_PER_SERVER, frontHeadBytes + ADDED_HEADERS_ROOM, transport.insecureSkipVerify(),
                transport.rootCAs(), transport.maxIdleConnsPerHost());
    }
}
