package io.jetway.server.control;

import io.jetway.config.StaticConfig;
import io.jetway.server.entry.EntryPoints;
import io.jetway.server.observe.PrometheusMetrics;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.tls.TlsManager;

import java.util.List;

/**
 * What the web application needs from whoever started it: the static configuration, how local
 * ports map to entry points, how to reach backends, the metrics (null when off), whether it
 * is stopping, and the TLS state of the connectors (null when they are not Jetway's). The embedded launcher puts it in the
 * servlet context before starting; inside a container it is derived from the configuration.
 */
public record JetwayRuntime(StaticConfig config, EntryPoints entryPoints, ProxyOptions proxyOptions,
                            PrometheusMetrics metrics, Stopping stopping, TlsManager tls) {

    public static final String ATTRIBUTE = JetwayRuntime.class.getName();

    /** Without TLS termination (inside a servlet container, the container's connectors do TLS). */
    public JetwayRuntime(StaticConfig config, EntryPoints entryPoints, ProxyOptions proxyOptions,
                         PrometheusMetrics metrics, Stopping stopping) {
        this(config, entryPoints, proxyOptions, metrics, stopping, null);
    }

    /** Without metrics. */
    public JetwayRuntime(StaticConfig config, EntryPoints entryPoints, ProxyOptions proxyOptions) {
        this(config, entryPoints, proxyOptions, null, new Stopping());
    }

    /** The entry points routers attach to: all but the one that serves only management endpoints. */
    public List<String> routingEntryPoints() {
        String management = config.managementEntryPoint();
        return entryPoints.names().stream().filter(name -> !name.equals(management)).toList();
    }
}
