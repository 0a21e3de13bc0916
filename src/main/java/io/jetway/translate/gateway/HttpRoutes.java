package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTPRoutes into routers, weighted services and filter middlewares, as Traefik's provider makes
 * them: one router per parentRef listener, rule and match.
 */
final class HttpRoutes {

    static final String KIND = "HTTPRoute";
    private static final String TRAEFIK_GROUP = "traefik.io";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;
    private final HttpBackends backends;
    private final Output out;

    /** Where translated parts go, shared by the route kinds. */
    record Output(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                  Map<String, MiddlewareConfig> middlewares, Map<GatewayListener, Integer> attached,
                  Map<ObjectRef, List<GatewayApiStatus.RouteParentStatus>> statuses) {
    }

    HttpRoutes(ResourceSnapshot resources, GatewayOptions options, Output out) {
        this.resources = resources;
        this.options = options;
        this.backends = new HttpBackends(resources, options);
        this.out = out;
    }

    /** The transports BackendTLSPolicies gave this translation's backends. */
    Map<String, io.jetway.dynamic.ServersTransport> transports() {
        return backends.transports();
    }

    void translate(KubeObject route, List<RouteParents.Parent> parents) {
        List<String> routeHostnames = route.spec().get("hostnames").strings();
        List<GatewayApiStatus.RouteParentStatus> statuses = new ArrayList<>();
        for (RouteParents.Parent parent : parents) {
            GatewayCondition accepted = GatewayCondition.isFalse("Accepted", "NoMatchingParent", "");
            GatewayCondition resolved = null;
            for (GatewayListener listener : parent.listeners()) {
                boolean ok = RouteParents.targets(parent.ref(), listener);
                if (ok && !listener.admits(route.namespace(), KIND)) {
                    if (!accepted.holds()) {
                        accepted = GatewayCondition.isFalse("Accepted", "NotAllowedByListeners", "");
                    }
                    ok = false;
                }
                List<String> hostnames = RouteParents.hostnames(listener.hostname(), routeHostnames);
                if (ok && hostnames == null) {
                    if (!accepted.holds()) {
                        accepted = GatewayCondition.isFalse("Accepted", "NoMatchingListenerHostname", "");
                    }
                    ok = false;
                }
                if (ok) {
                    out.attached().merge(listener, 1, Integer::sum);
                }
                Parts parts = new Parts();
                GatewayCondition condition = load(route, listener, hostnames == null ? List.of() : hostnames, parts);
                if (resolved == null || resolved.holds()) {
                    resolved = condition;
                }
                if (ok && listener.valid()) {
                    out.routers().putAll(parts.routers);
                    out.services().putAll(parts.services);
                    out.middlewares().putAll(parts.middlewares);
                    accepted = GatewayCondition.isTrue("Accepted", "Accepted", "");
                }
            }
            List<GatewayCondition> conditions = new ArrayList<>();
            conditions.add(accepted);
            if (resolved != null) {
                conditions.add(resolved);
            }
            statuses.add(new GatewayApiStatus.RouteParentStatus(parent.ref().map(), conditions));
        }
        if (!statuses.isEmpty()) {
            out.statuses().put(route.ref(), statuses);
        }
    }

    /** What one listener gets of a route, merged only when the route attaches to it. */
    private static final class Parts {
        final Map<String, RouterConfig> routers = new LinkedHashMap<>();
        final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        final Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
    }

    /** The routers of one listener; returns the ResolvedRefs condition. */
    private GatewayCondition load(KubeObject route, GatewayListener listener, List<String> hostnames, Parts parts) {
        GatewayCondition condition = GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "");
        List<Node> rules = route.spec().get("rules").list();
        String entryPoint = listener.entryPoint() == null ? "" : listener.entryPoint();
        for (int ri = 0; ri < rules.size(); ri++) {
            Node rule = rules.get(ri);
            String routeKey = GatewayNames.routeKey(KIND, route.namespace(), route.name(), listener.gatewayNamespace(),
                    listener.gatewayName(), entryPoint, ri);
            List<Node> matches = rule.get("matches").list();
            if (rule.get("matches").isMissing()) {
                // The API server defaults a rule's matches to one PathPrefix "/"; a manifest file has no defaulting.
                matches = List.of(Node.at(rule.get("matches").path() + "[0]", Map.of()));
            }
            for (Node match : matches) {
                HttpMatchRules.MatchRule matchRule = HttpMatchRules.of(hostnames, match);
                String routerName = GatewayNames.routerName(routeKey, matchRule.rule());
                Node pathMatch = match.get("path");
                String service;
                List<String> middlewares;
                try {
                    middlewares = filters(route, routerName, rule.get("filters").list(), pathMatch, parts);
                    BackendChoice choice = backends(route, routerName, rule, parts);
                    service = choice.service;
                    if (choice.condition != null) {
                        condition = choice.condition;
                    }
                } catch (FilterException e) {
                    // Traefik: the router stays, answering 500 through an empty weighted service.
                    middlewares = List.of();
                    service = routerName + "-err-wrr";
                    parts.services.put(GatewayNames.qualify(service), errorService(route.ref()));
                }
                RouterConfig router = new RouterConfig(GatewayNames.qualify(routerName), List.of(entryPoint), matchRule.rule(),
                        matchRule.priority() + rules.size() - ri, "v3", middlewares,
                        qualifyService(service), route.ref(), List.of(),
                        listener.routerTls());
                parts.routers.put(router.name(), router);
            }
        }
        return condition;
    }

    private static String qualifyService(String service) {
        return service.contains("@") ? service : GatewayNames.qualify(service);
    }

    /** A backend that answers no request: Traefik gives such a weighted child status 500. */
    private static ServiceConfig errorService(ObjectRef source) {
        return new ServiceConfig.LoadBalancer(List.of(), true, ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null,
                null, source);
    }

    private record BackendChoice(String service, GatewayCondition condition) {
    }

    private BackendChoice backends(KubeObject route, String routerName, Node rule, Parts parts) {
        List<Node> refs = rule.get("backendRefs").list();
        if (refs.size() == 1 && internal(refs.get(0))) {
            if (!crossProviderAllowed(route.namespace())) {
                String errName = routerName + "-err-wrr";
                parts.services.put(GatewayNames.qualify(errName), errorService(route.ref()));
                return new BackendChoice(errName, GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted",
                        "Cannot load HTTPRoute BackendRef " + refs.get(0).get("name").string("")
                                + ": internal service reference is not allowed: HTTPRoute namespace \"" + route.namespace()
                                + "\" is not in crossProviderNamespaces"));
            }
            return new BackendChoice(refs.get(0).get("name").string(""), null);
        }
        String wrrName = routerName + "-wrr";
        GatewayCondition condition = null;
        List<ServiceConfig.WeightedChild> children = new ArrayList<>();
        for (int bi = 0; bi < refs.size(); bi++) {
            Node ref = refs.get(bi);
            int weight = ref.get("weight").integer(1);
            String namespace = ref.get("namespace").string(route.namespace());
            String name = ref.get("name").string("");
            String childName = routerName + "-svc-" + namespace + "-" + name + "-" + bi;
            try {
                String child = backend(route, ref, namespace, name, childName, parts);
                children.add(new ServiceConfig.WeightedChild(qualifyService(child), weight));
            } catch (HttpBackends.BackendException e) {
                condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage());
                parts.services.put(GatewayNames.qualify(childName), errorService(route.ref()));
                children.add(new ServiceConfig.WeightedChild(GatewayNames.qualify(childName), weight));
            }
        }
        parts.services.put(GatewayNames.qualify(wrrName), new ServiceConfig.Weighted(children, null, route.ref()));
        return new BackendChoice(wrrName, condition);
    }

    /** One backendRef's service: a load balancer of this provider, or another provider's service. */
    private String backend(KubeObject route, Node ref, String namespace, String name, String childName, Parts parts) {
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("Service");
        String where = (group.isEmpty() ? "core" : group) + "/" + kind + "/" + namespace + "/" + name;
        if (!ref.get("namespace").string("").isEmpty() && name.contains("@")) {
            throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load HTTPBackendRef " + where
                    + ": namespace is not allowed with a cross-provider reference");
        }
        if (!ReferenceGrants.granted(resources, KIND, route.namespace(), group, kind, name, namespace)) {
            throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load HTTPBackendRef " + where
                    + ": missing ReferenceGrant");
        }
        if (!ref.get("filters").list().isEmpty()) {
            throw new HttpBackends.BackendException("InvalidKind", "Cannot load filters on HTTPBackendRef " + where
                    + ": filters on a backendRef are not supported by Jetway yet");
        }
        boolean core = (group.isEmpty() || group.equals("core")) && kind.equals("Service");
        if (!core) {
            if (group.equals(TRAEFIK_GROUP) && kind.equals("TraefikService")) {
                if (name.contains("@")) {
                    if (!crossProviderAllowed(namespace)) {
                        throw new HttpBackends.BackendException("InvalidKind", "Cannot load HTTPBackendRef " + where
                                + ": TraefikService \"" + name + "\" reference is not allowed: namespace \"" + namespace
                                + "\" is not in crossProviderNamespaces");
                    }
                    return name;
                }
                return CrdNames.qualify(CrdNames.objectKey(namespace, name));
            }
            throw new HttpBackends.BackendException("InvalidKind", "Cannot load HTTPBackendRef " + where
                    + ": unsupported HTTPBackendRef " + group + "/" + kind + "/" + name);
        }
        int port = ref.get("port").integer(0);
        if (port == 0) {
            throw new HttpBackends.BackendException("UnsupportedProtocol", "Cannot load HTTPBackendRef " + where
                    + ": port is required");
        }
        parts.services.put(GatewayNames.qualify(childName), backends.loadBalancer(namespace, name, port, "http", route.ref(),
                GatewayNames.qualify(childName)));
        return childName;
    }

    private boolean crossProviderAllowed(String namespace) {
        return options.crossProviderNamespaces() == null || options.crossProviderNamespaces().contains(namespace);
    }

    private static boolean internal(Node ref) {
        return ref.get("group").string("").equals(TRAEFIK_GROUP) && ref.get("kind").string("").equals("TraefikService")
                && ref.get("name").string("").endsWith("@internal");
    }

    /** A filter the route cannot use: the router answers 500 (Traefik's behaviour). */
    static final class FilterException extends RuntimeException {
        FilterException(String message) {
            super(message);
        }
    }

    private List<String> filters(KubeObject route, String parentName, List<Node> filters, Node pathMatch, Parts parts) {
        List<String> names = new ArrayList<>();
        // The match's value whatever its type, as Traefik passes it: ReplacePrefixMatch replaces it.
        String prefix = pathMatch.get("value").string("/");
        for (int i = 0; i < filters.size(); i++) {
            Node filter = filters.get(i);
            String type = filter.get("type").string("");
            String name = parentName + "-" + type.toLowerCase(java.util.Locale.ROOT) + "-" + i;
            switch (type) {
                case "RequestHeaderModifier" -> names.add(middleware(parts, name, "gatewayRequestHeaderModifier",
                        filter.get("requestHeaderModifier").map(), null, route));
                case "ResponseHeaderModifier" -> names.add(middleware(parts, name, "gatewayResponseHeaderModifier",
                        filter.get("responseHeaderModifier").map(), null, route));
                case "RequestRedirect" -> names.add(middleware(parts, name, "gatewayRequestRedirect",
                        filter.get("requestRedirect").map(), prefix, route));
                case "URLRewrite" -> {
                    Node rewrite = filter.get("urlRewrite");
                    if (rewrite.get("hostname").isMissing() && rewrite.get("path").isMissing()) {
                        throw new FilterException("invalid filter URLRewrite: empty configuration");
                    }
                    names.add(middleware(parts, name, "gatewayUrlRewrite", rewrite.map(), prefix, route));
                }
                case "ExtensionRef" -> names.add(extensionRef(route, filter.get("extensionRef")));
                default -> throw new FilterException("unsupported filter " + type);
            }
        }
        return names;
    }

    private String extensionRef(KubeObject route, Node ref) {
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("");
        String name = ref.get("name").string("");
        if (!group.equals(TRAEFIK_GROUP) || !kind.equals("Middleware") || !options.crdProvider()) {
            throw new FilterException("loading ExtensionRef filter: unsupported filter extension ref " + group + "/" + kind + "/" + name);
        }
        return CrdNames.qualify(CrdNames.objectKey(route.namespace(), name));
    }

    private static String middleware(Parts parts, String name, String type, Map<String, Object> filterOptions, String pathPrefix,
                                     KubeObject route) {
        Map<String, Object> opts = new LinkedHashMap<>(filterOptions);
        if (pathPrefix != null) {
            opts.put("pathPrefix", pathPrefix);
        }
        String qualified = GatewayNames.qualify(name);
        opts.values().removeIf(java.util.Objects::isNull);
        parts.middlewares.put(qualified, new MiddlewareConfig(qualified, type, Map.copyOf(opts), route.ref()));
        return qualified;
    }
}
