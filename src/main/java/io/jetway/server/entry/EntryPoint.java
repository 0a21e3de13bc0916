package io.jetway.server.entry;

import io.jetway.config.StaticConfig;
import io.jetway.exchange.TrustedPeers;
import io.jetway.net.CidrSet;

/**
 * A running entry point: its name, whom it trusts for X-Forwarded-* headers, whether it
 * answers management endpoints itself, where it redirects requests (null: it does not), and how it
 * cleans request paths before routing.
 */
public record EntryPoint(String name, CidrSet trustedIPs, boolean insecureForwardedHeaders, Role role,
                         EntryPointRedirect redirect, RequestPathCleaner paths) implements TrustedPeers {

    public EntryPoint(String name, CidrSet trustedIPs, boolean insecureForwardedHeaders, Role role) {
        this(name, trustedIPs, insecureForwardedHeaders, role, null);
    }

    public EntryPoint(String name, CidrSet trustedIPs, boolean insecureForwardedHeaders, Role role,
                      EntryPointRedirect redirect) {
        this(name, trustedIPs, insecureForwardedHeaders, role, redirect, RequestPathCleaner.DEFAULTS);
    }

    public EntryPoint {
        java.util.Objects.requireNonNull(paths, "paths");
    }

    /** What an entry point serves before, or instead of, its routers. */
    public enum Role {
        /** Routers only. */
        ROUTES,
        /** /ping and /metrics first, then routers (--ping.entrypoint or --metrics.prometheus.entrypoint names it). */
        ROUTES_AND_PING,
        /** Only the management endpoints (/api, /dashboard/, /ping, /metrics): the entry point {@code traefik}. */
        MANAGEMENT,
        /**
         * In a WAR: what the entry point {@code traefik} would serve (the container has no port of
         * Jetway's own for it), then routers.
         */
        ROUTES_AND_MANAGEMENT;

        /**
         * The role of a configured entry point on Jetway's own server. Here rather than in
         * EmbeddedServer because the WAR asks too, and in a container the embedded server's
         * classes (jetty-server) are not there to load.
         */
        public static Role of(String entryPoint, StaticConfig config) {
            if (entryPoint.equals(config.managementEntryPoint())) {
                return MANAGEMENT;
            }
            if ((config.ping().enabled() && entryPoint.equals(config.ping().entryPoint()))
                    || config.metrics().servedOn(entryPoint)) {
                return ROUTES_AND_PING;
            }
            return ROUTES;
        }
    }

    public EntryPoint(String name, CidrSet trustedIPs, boolean insecureForwardedHeaders) {
        this(name, trustedIPs, insecureForwardedHeaders, Role.ROUTES);
    }

    @Override
    public boolean trusts(String remoteAddress) {
        return insecureForwardedHeaders || trustedIPs.contains(remoteAddress);
    }
}
