package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLSRoutes (v1, on TLS listeners) and TCPRoutes (v1alpha2, on TCP listeners, experimental channel)
 * into TCP routers, as Traefik's provider makes them: one router per parentRef listener and rule,
 * named with the hash of an empty rule ({@code -e3b0c44298fc1c149afb}); its service is always a
 * weighted one, {@code <router>-wrr}, over one load balancer per backendRef, a failing one replaced
 * by {@code <router>-err-lb} without servers (its share of connections is closed).
 */
final class Layer4Routes {

    static final String TLS_KIND = "TLSRoute";
    static final String TCP_KIND = "TCPRoute";

    /**
     * Traefik's router (and service) for connections whose SNI no TLSRoute names: added once any
     * TLSRoute has a router, on the default entry points, terminating TLS and closing the connection
     * (no server). Not a bare {@code HostSNI(*)}, so it is tried before catch-all routes.
     */
    static final String DENY_UNKNOWN_HOST = GatewayNames.qualify("deny-unknown-host");
    static final String DENY_UNKNOWN_HOST_RULE = "HostSNI(`*`) && !ALPN(`h2`) && !ALPN(`http/1.1`)";

    private static final String TRAEFIK_GROUP = "traefik.io";
    /** Terminate mode: the default TLS options and the default store's certificates, picked by SNI. */
    private static final TcpRouterTls TERMINATE = new TcpRouterTls(false, null, null, List.of());
    private static final TcpRouterTls PASSTHROUGH = new TcpRouterTls(true, null, null, List.of());

    /** Where the TCP routers and services go. */
    record Output(Map<String, TcpRouterConfig> routers, Map<String, TcpServiceConfig> services) {
    }

    private final ResourceSnapshot resources;
    private final GatewayOptions options;
    private final HttpBackends backends;
    private final Output out;
    private final HttpRoutes.Output statuses;

    /**
     * @param statuses where the routes' statuses and the listeners' attached routes go (shared with the HTTP kinds)
     */
    Layer4Routes(ResourceSnapshot resources, GatewayOptions options, Output out, HttpRoutes.Output statuses) {
        this.resources = resources;
        this.options = options;
        this.backends = new HttpBackends(resources, options);
        this.out = out;
        this.statuses = statuses;
    }

    void translateTls(KubeObject route, List<RouteParents.Parent> parents) {
        RouteAttachment.attach(route, TLS_KIND, parents, true, (listener, hostnames) -> load(route, TLS_KIND, listener, hostnames),
                this::merge, statuses);
    }

    /** TCPRoutes have no hostnames: every listener the parentRef targets that admits them takes them. */
    void translateTcp(KubeObject route, List<RouteParents.Parent> parents) {
        RouteAttachment.attach(route, TCP_KIND, parents, false, (listener, hostnames) -> load(route, TCP_KIND, listener, hostnames),
                this::merge, statuses);
    }

    /** Called after the TLSRoutes, before the TCPRoutes: adds {@link #DENY_UNKNOWN_HOST} when they made a router. */
    void denyUnknownHosts() {
        if (out.routers().isEmpty()) {
            return;
        }
        out.routers().put(DENY_UNKNOWN_HOST, new TcpRouterConfig(DENY_UNKNOWN_HOST, List.of(), DENY_UNKNOWN_HOST_RULE, 1, "v3",
                List.of(), DENY_UNKNOWN_HOST, TERMINATE, null));
        out.services().put(DENY_UNKNOWN_HOST, new TcpServiceConfig.LoadBalancer(List.of(), null, null, 0, null));
    }

    private void merge(Parts parts) {
        out.routers().putAll(parts.routers);
        out.services().putAll(parts.services);
    }

    /** What one listener gets of a route. */
    private static final class Parts {
        final Map<String, TcpRouterConfig> routers = new LinkedHashMap<>();
        final Map<String, TcpServiceConfig> services = new LinkedHashMap<>();
    }

    private RouteAttachment.Loaded<Parts> load(KubeObject route, String kind, GatewayListener listener, List<String> hostnames) {
        Parts parts = new Parts();
        GatewayCondition condition = GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "");
        String entryPoint = listener.entryPoint() == null ? "" : listener.entryPoint();
        boolean tls = kind.equals(TLS_KIND);
        List<Node> rules = route.spec().get("rules").list();
        for (int ri = 0; ri < rules.size(); ri++) {
            Node backendRefs = rules.get(ri).get("backendRefs");
            // The API server refuses such rules (TLSRoute: none, TCPRoute: no field); Traefik skips them.
            if (tls ? backendRefs.list().isEmpty() : backendRefs.isMissing()) {
                continue;
            }
            List<Node> refs = backendRefs.list();
            String routeKey = GatewayNames.routeKey(kind, route.namespace(), route.name(), listener.gatewayNamespace(),
                    listener.gatewayName(), entryPoint, ri);
            // No routing criteria per rule: the name hashes an empty rule.
            String routerName = GatewayNames.routerName(routeKey, "");
            HttpMatchRules.MatchRule rule = tls ? hostSniRule(hostnames) : new HttpMatchRules.MatchRule("HostSNI(\"*\")", 0);
            TcpRouterTls routerTls = tls || listener.protocol().equals("TLS")
                    ? (listener.passthrough() ? PASSTHROUGH : TERMINATE) : null;
            String service;
            if (refs.size() == 1 && internal(refs.get(0))) {
                if (!crossProviderAllowed(route.namespace())) {
                    condition = GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted", "Cannot load " + kind + " BackendRef "
                            + refs.get(0).get("name").string("") + ": internal service reference is not allowed: " + kind
                            + " namespace \"" + route.namespace() + "\" is not in crossProviderNamespaces");
                    continue;
                }
                service = refs.get(0).get("name").string("");
            } else {
                GatewayCondition failed = weighted(route, kind, routerName, refs, parts);
                if (failed != null) {
                    condition = failed;
                }
                service = GatewayNames.qualify(routerName + "-wrr");
            }
            String name = GatewayNames.qualify(routerName);
            parts.routers.put(name, new TcpRouterConfig(name, List.of(entryPoint), rule.rule(), rule.priority(), "v3",
                    List.of(), service, routerTls, route.ref()));
        }
        return new RouteAttachment.Loaded<>(parts, condition);
    }

    /**
     * {@code HostSNI("h")} per distinct hostname, a wildcard as {@code HostSNIRegexp} for exactly one
     * label, joined with {@code ||}; priority the longest hostname's length less its {@code *}s.
     * Without hostnames, {@code HostSNI("*")} with priority 0 (computed: below every other rule).
     */
    static HttpMatchRules.MatchRule hostSniRule(List<String> hostnames) {
        List<String> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int priority = 0;
        for (String host : hostnames) {
            if (host.isEmpty()) {
                continue;
            }
            int wildcards = (int) host.chars().filter(c -> c == '*').count();
            priority = Math.max(priority, host.length() - wildcards);
            if (!seen.add(host)) {
                continue;
            }
            if (wildcards == 0) {
                rules.add("HostSNI(" + HttpMatchRules.quote(host) + ")");
                continue;
            }
            String pattern = HttpMatchRules.regexQuote(host);
            int at = pattern.indexOf("\\*\\.");
            if (at >= 0) {
                pattern = pattern.substring(0, at) + "[a-z0-9-]+\\." + pattern.substring(at + 4);
            }
            rules.add("HostSNIRegexp(" + HttpMatchRules.quote("^" + pattern + "$") + ")");
        }
        if (rules.isEmpty()) {
            return new HttpMatchRules.MatchRule("HostSNI(\"*\")", 0);
        }
        return new HttpMatchRules.MatchRule(String.join(" || ", rules), priority);
    }

    /** The rule's weighted service {@code <router>-wrr}; returns the last failing backend's condition, or null. */
    private GatewayCondition weighted(KubeObject route, String kind, String routerName, List<Node> refs, Parts parts) {
        GatewayCondition condition = null;
        List<ServiceConfig.WeightedChild> children = new ArrayList<>();
        for (int bi = 0; bi < refs.size(); bi++) {
            Node ref = refs.get(bi);
            int weight = ref.get("weight").integer(1);
            try {
                children.add(new ServiceConfig.WeightedChild(backend(route, kind, routerName, bi, ref, parts), weight));
            } catch (HttpBackends.BackendException e) {
                condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage());
                String errName = GatewayNames.qualify(routerName + "-err-lb");
                parts.services.put(errName, new TcpServiceConfig.LoadBalancer(List.of(), null, null, 0, route.ref()));
                children.add(new ServiceConfig.WeightedChild(errName, weight));
            }
        }
        parts.services.put(GatewayNames.qualify(routerName + "-wrr"), new TcpServiceConfig.Weighted(children, route.ref()));
        return condition;
    }

    /** One backendRef's qualified service: a load balancer of this provider, or another provider's service. */
    private String backend(KubeObject route, String kind, String routerName, int index, Node ref, Parts parts) {
        String group = ref.get("group").string("");
        String refKind = ref.get("kind").string("Service");
        String name = ref.get("name").string("");
        String explicitNamespace = ref.get("namespace").string("");
        String namespace = explicitNamespace.isEmpty() ? route.namespace() : explicitNamespace;
        String what = kind + " BackendRef";
        String where = (group.isEmpty() ? "core" : group) + "/" + refKind + "/" + namespace + "/" + name;
        if (!explicitNamespace.isEmpty() && name.contains("@")) {
            throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load " + what + " " + where
                    + ": namespace is not allowed with a cross-provider reference");
        }
        if (!ReferenceGrants.granted(resources, kind, route.namespace(), group, refKind, name, namespace)) {
            throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load " + what + " " + where + ": missing ReferenceGrant");
        }
        if (!(group.isEmpty() || group.equals("core")) || !refKind.equals("Service")) {
            // Only another provider's TraefikService (name@provider); not this provider's TraefikServices, unlike HTTPRoutes.
            if (refKind.equals("TraefikService") && name.contains("@")) {
                if (!crossProviderAllowed(route.namespace())) {
                    throw new HttpBackends.BackendException("InvalidKind", "Cannot load " + what + " " + where
                            + ": TraefikService \"" + name + "\" reference is not allowed: route namespace \"" + route.namespace()
                            + "\" is not in crossProviderNamespaces");
                }
                return name;
            }
            throw new HttpBackends.BackendException("InvalidKind", "Cannot load " + what + " " + where
                    + ": unsupported BackendRef " + group + "/" + refKind + "/" + name);
        }
        int port = ref.get("port").integer(0);
        if (port == 0) {
            throw new HttpBackends.BackendException("UnsupportedProtocol", "Cannot load " + what + " " + where + " port is required");
        }
        String serviceName = GatewayNames.qualify(routerName + "-svc-" + namespace + "-" + name + "-" + index);
        parts.services.put(serviceName, backends.tcpLoadBalancer(what, namespace, name, port, route.ref()));
        return serviceName;
    }

    private boolean crossProviderAllowed(String namespace) {
        return options.crossProviderNamespaces() == null || options.crossProviderNamespaces().contains(namespace);
    }

    private static boolean internal(Node ref) {
        return ref.get("group").string("").equals(TRAEFIK_GROUP) && ref.get("kind").string("").equals("TraefikService")
                && ref.get("name").string("").endsWith("@internal");
    }
}
