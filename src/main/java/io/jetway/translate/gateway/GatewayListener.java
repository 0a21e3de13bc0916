package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import java.util.List;
import java.util.Set;

/**
 * One listener of a handled Gateway, resolved: its entry point, which routes it admits, and the
 * conditions it gets. A listener with any failure condition admits no route.
 *
 * @param hostname          null when the listener sets none
 * @param passthrough       TLS mode Passthrough (TLS listeners)
 * @param entryPoint        null when no entry point listens on its port
 * @param allowedKinds      route kinds it admits
 * @param allowedNamespaces namespaces whose routes it admits; null for all
 * @param conditions        its failure conditions; empty for a valid listener
 * @param certResolver      beyond Traefik: the ACME resolver named by the listener's
 *                          {@code tls.options["jetway.io/cert-resolver"]}, or null
 */
public record GatewayListener(String gatewayNamespace, String gatewayName, String name, int port, String protocol,
                             String hostname, boolean passthrough, String entryPoint, List<String> allowedKinds,
                             Set<String> allowedNamespaces, List<GatewayCondition> conditions, String certResolver) {

    public GatewayListener {
        allowedKinds = List.copyOf(allowedKinds);
        allowedNamespaces = allowedNamespaces == null ? null : Set.copyOf(allowedNamespaces);
        conditions = List.copyOf(conditions);
    }

    /** Valid: routes may attach (Traefik's "Attached"). */
    public boolean valid() {
        return conditions.isEmpty() && entryPoint != null;
    }

    public boolean admits(String routeNamespace, String routeKind) {
        return allowedKinds.contains(routeKind) && (allowedNamespaces == null || allowedNamespaces.contains(routeNamespace));
    }

    public boolean https() {
        return protocol.equals("HTTPS");
    }

    /** The tls section of the routers on this listener: null on HTTP, the ACME resolver when it names one. */
    public io.jetway.dynamic.RouterTls routerTls() {
        if (!https()) {
            return null;
        }
        return certResolver == null ? io.jetway.dynamic.RouterTls.DEFAULT
                : new io.jetway.dynamic.RouterTls(null, certResolver, List.of());
    }
}
