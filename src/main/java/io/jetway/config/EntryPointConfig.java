package io.jetway.config;

import java.util.Objects;

/**
 * One listening address.
 *
 * @param name             the name as first written by the user (matched case-insensitively)
 * @param host             interface to bind; null or "" means all interfaces; IPv6 without brackets
 * @param port             0-65535; 0 asks the system for an ephemeral port
 * @param forwardedHeaders which peers may send X-Forwarded-* headers
 * @param tls              http.tls: every router here terminates TLS; null when not set
 * @param redirection      http.redirections.entryPoint; null when not set
 * @param requestPath      http.sanitizePath and http.encodedCharacters
 * @param connectionLimits head size, timeouts and accept backlog of its client connections
 * @param layer4           UDP, asDefault, PROXY protocol and the server-first delay
 */
public record EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders,
                               LifecycleConfig lifecycle, EntryPointTlsConfig tls, RedirectionConfig redirection,
                               RequestPathConfig requestPath, ConnectionLimitsConfig connectionLimits,
                               Layer4EntryPointConfig layer4) {

    public EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders,
                            LifecycleConfig lifecycle, EntryPointTlsConfig tls, RedirectionConfig redirection,
                            RequestPathConfig requestPath, ConnectionLimitsConfig connectionLimits) {
        this(name, host, port, forwardedHeaders, lifecycle, tls, redirection, requestPath, connectionLimits,
                Layer4EntryPointConfig.DEFAULTS);
    }

    public EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders,
                            LifecycleConfig lifecycle, EntryPointTlsConfig tls, RedirectionConfig redirection,
                            RequestPathConfig requestPath) {
        this(name, host, port, forwardedHeaders, lifecycle, tls, redirection, requestPath, ConnectionLimitsConfig.DEFAULTS);
    }

    public EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders) {
        this(name, host, port, forwardedHeaders, LifecycleConfig.DEFAULTS);
    }

    public EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders,
                            LifecycleConfig lifecycle) {
        this(name, host, port, forwardedHeaders, lifecycle, null, null);
    }

    public EntryPointConfig(String name, String host, int port, ForwardedHeadersConfig forwardedHeaders,
                            LifecycleConfig lifecycle, EntryPointTlsConfig tls, RedirectionConfig redirection) {
        this(name, host, port, forwardedHeaders, lifecycle, tls, redirection, RequestPathConfig.DEFAULTS);
    }

    public EntryPointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(forwardedHeaders, "forwardedHeaders");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(requestPath, "requestPath");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        Objects.requireNonNull(layer4, "layer4");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** True for a {@code /udp} entry point, which carries UDP routers only. */
    public boolean udp() {
        return layer4.udp();
    }

    /** True when the entry point listens on every interface. */
    public boolean allInterfaces() {
        return host == null || host.isEmpty();
    }
}
