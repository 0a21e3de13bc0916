package io.jetway.service;

import io.jetway.config.ApiConfig;
import io.jetway.config.MetricsConfig;
import io.jetway.config.PingConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A service Jetway answers itself (Traefik's {@code @internal} services): routes to it reach the
 * API, the dashboard, ping or nothing at all instead of a backend. The routing filter recognises
 * it and hands the request to the matching internal endpoint; it never selects a backend.
 */
public record InternalService(String name) implements ServiceHandler {

    public static final String API = "api@internal";
    public static final String DASHBOARD = "dashboard@internal";
    public static final String PING = "ping@internal";
    public static final String PROMETHEUS = "prometheus@internal";
    /** Answers 200 with no body: for routers whose middlewares answer (redirects). */
    public static final String NOOP = "noop@internal";

    /** The internal services the static configuration turns on, in Traefik's listing order. */
    public static Set<String> enabledBy(ApiConfig api, PingConfig ping) {
        return enabledBy(api, ping, MetricsConfig.DISABLED);
    }

    /** The internal services the static configuration turns on, in Traefik's listing order. */
    public static Set<String> enabledBy(ApiConfig api, PingConfig ping, MetricsConfig metrics) {
        Set<String> names = new LinkedHashSet<>();
        if (api.enabled()) {
            names.add(API);
        }
        if (api.dashboardEnabled()) {
            names.add(DASHBOARD);
        }
        names.add(NOOP);
        if (ping.enabled()) {
            names.add(PING);
        }
        if (metrics.prometheus()) {
            names.add(PROMETHEUS);
        }
        return Set.copyOf(names);
    }

    /** Why a router cannot use an internal service that is off, or that does not exist. */
    public static String unavailable(String name) {
        return switch (name) {
            case API -> "service \"" + API + "\" does not exist: the API is not enabled (--api)";
            case DASHBOARD -> "service \"" + DASHBOARD + "\" does not exist: the dashboard is not enabled (--api, --api.dashboard)";
            case PING -> "service \"" + PING + "\" does not exist: ping is not enabled (--ping)";
            case PROMETHEUS -> "service \"" + PROMETHEUS + "\" does not exist: metrics are not enabled (--metrics.prometheus)";
            default -> "service \"" + name + "\" does not exist";
        };
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        return null;
    }
}
