package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdNames;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * GRPCRoutes (v1) on HTTP and HTTPS listeners into HTTP routers, as Traefik's provider makes them:
 * one router per parentRef listener, rule and match; the gRPC method becomes a path regular
 * expression; backends are core Services only, h2c unless their appProtocol says https; filters
 * are RequestHeaderModifier and ExtensionRef only.
 */
final class GrpcRoutes {

    static final String KIND = "GRPCRoute";
    private static final String TRAEFIK_GROUP = "traefik.io";
    /** A missing service or method part of a gRPC method match: one path segment. */
    private static final String ANY_SEGMENT = "[^/]+";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;
    private final HttpBackends backends;
    private final HttpRoutes.Output out;

    GrpcRoutes(ResourceSnapshot resources, GatewayOptions options, HttpRoutes.Output out) {
        this.resources = resources;
        this.options = options;
        this.backends = new HttpBackends(resources, options);
        this.out = out;
    }

    void translate(KubeObject route, List<RouteParents.Parent> parents) {
        RouteAttachment.attach(route, KIND, parents, true, (listener, hostnames) -> load(route, listener, hostnames),
                parts -> {
                    out.routers().putAll(parts.routers);
                    out.services().putAll(parts.services);
                    out.middlewares().putAll(parts.middlewares);
                }, out);
    }

    /** What one listener gets of a route. */
    private static final class Parts {
        final Map<String, RouterConfig> routers = new LinkedHashMap<>();
        final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        final Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
    }

    private RouteAttachment.Loaded<Parts> load(KubeObject route, GatewayListener listener, List<String> hostnames) {
        Parts parts = new Parts();
        GatewayCondition condition = GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "");
        String entryPoint = listener.entryPoint() == null ? "" : listener.entryPoint();
        List<Node> rules = route.spec().get("rules").list();
        for (int ri = 0; ri < rules.size(); ri++) {
            Node rule = rules.get(ri);
            String routeKey = GatewayNames.routeKey(KIND, route.namespace(), route.name(), listener.gatewayNamespace(),
                    listener.gatewayName(), entryPoint, ri);
            List<Node> matches = rule.get("matches").list();
            if (matches.isEmpty()) {
                // A rule without matches is one catch-all.
                matches = List.of(Node.at(rule.get("matches").path() + "[0]", Map.of()));
            }
            for (Node match : matches) {
                HttpMatchRules.MatchRule matchRule = matchRule(hostnames, match);
                String routerName = GatewayNames.routerName(routeKey, matchRule.rule());
                List<String> middlewares;
                String service;
                try {
                    middlewares = filters(route, routerName, rule.get("filters").list(), parts);
                    String wrrName = routerName + "-wrr";
                    GatewayCondition failed = backends(route, routerName, wrrName, rule.get("backendRefs").list(), parts);
                    if (failed != null) {
                        condition = failed;
                    }
                    service = wrrName;
                } catch (HttpRoutes.FilterException e) {
                    // Traefik: the router stays and answers gRPC Unavailable; here an empty service answers 503, which
                    // gRPC clients read as UNAVAILABLE too.
                    middlewares = List.of();
                    service = routerName + "-err-wrr";
                    parts.services.put(GatewayNames.qualify(service), errorService(route.ref()));
                }
                RouterConfig router = new RouterConfig(GatewayNames.qualify(routerName), List.of(entryPoint), matchRule.rule(),
                        matchRule.priority(), "v3", middlewares, GatewayNames.qualify(service), route.ref(), List.of(),
                        listener.routerTls());
                parts.routers.put(router.name(), router);
            }
        }
        return new RouteAttachment.Loaded<>(parts, condition);
    }

    /**
     * The rule of one match and Traefik's priority for it: the longest hostname's length (when
     * there are hostnames) plus the length of the rule's match part. Unlike HTTPRoutes, no term
     * for the rule's position.
     */
    static HttpMatchRules.MatchRule matchRule(List<String> hostnames, Node match) {
        List<String> parts = new ArrayList<>();
        parts.add(methodRule(match.get("method")));
        for (Node header : match.get("headers").list()) {
            String name = HttpMatchRules.quote(header.get("name").string(""));
            String value = HttpMatchRules.quote(header.get("value").string(""));
            switch (header.get("type").string("Exact")) {
                case "Exact" -> parts.add("Header(" + name + "," + value + ")");
                case "RegularExpression" -> parts.add("HeaderRegexp(" + name + "," + value + ")");
                default -> {
                    // Traefik leaves out a header match of another type.
                }
            }
        }
        String matchRule = String.join(" && ", parts);
        int length = matchRule.getBytes(StandardCharsets.UTF_8).length;
        HttpMatchRules.MatchRule host = HttpMatchRules.hostRule(hostnames);
        if (host == null) {
            return new HttpMatchRules.MatchRule(matchRule, length);
        }
        return new HttpMatchRules.MatchRule(host.rule() + " && " + matchRule, host.priority() + length);
    }

    /** {@code /<service>/<method>}; Exact (the default type) quotes the names, RegularExpression uses them as they are. */
    private static String methodRule(Node method) {
        if (method.isMissing()) {
            return "PathPrefix(\"/\")";
        }
        boolean exact = method.get("type").string("Exact").equals("Exact");
        String service = method.get("service").string("");
        String name = method.get("method").string("");
        String serviceExpr = service.isEmpty() ? ANY_SEGMENT : exact ? HttpMatchRules.regexQuote(service) : service;
        String methodExpr = name.isEmpty() ? ANY_SEGMENT : exact ? HttpMatchRules.regexQuote(name) : name;
        return "PathRegexp(" + HttpMatchRules.quote("/" + serviceExpr + "/" + methodExpr) + ")";
    }

    /** The rule's weighted service over its backendRefs; returns the last failing backend's condition, or null. */
    private GatewayCondition backends(KubeObject route, String routerName, String wrrName, List<Node> refs, Parts parts) {
        GatewayCondition condition = null;
        List<ServiceConfig.WeightedChild> children = new ArrayList<>();
        for (int bi = 0; bi < refs.size(); bi++) {
            Node ref = refs.get(bi);
            String namespace = ref.get("namespace").string("");
            namespace = namespace.isEmpty() ? route.namespace() : namespace;
            String name = ref.get("name").string("");
            String childName = GatewayNames.qualify(routerName + "-svc-" + namespace + "-" + name + "-" + bi);
            try {
                parts.services.put(childName, backend(route, ref, namespace, name));
            } catch (HttpBackends.BackendException e) {
                condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage());
                parts.services.put(childName, errorService(route.ref()));
            }
            children.add(new ServiceConfig.WeightedChild(childName, ref.get("weight").integer(1)));
        }
        parts.services.put(GatewayNames.qualify(wrrName), new ServiceConfig.Weighted(children, null, route.ref()));
        return condition;
    }

    private ServiceConfig.LoadBalancer backend(KubeObject route, Node ref, String namespace, String name) {
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("Service");
        String where = (group.isEmpty() ? "core" : group) + "/" + kind + "/" + namespace + "/" + name;
        if (!(group.isEmpty() || group.equals("core")) || !kind.equals("Service")) {
            throw new HttpBackends.BackendException("InvalidKind", "Cannot load GRPCBackendRef " + where
                    + ": only Kubernetes services are supported");
        }
        if (!ReferenceGrants.granted(resources, KIND, route.namespace(), group, kind, name, namespace)) {
            throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load GRPCBackendRef " + where
                    + ": missing ReferenceGrant");
        }
        int port = ref.get("port").integer(0);
        if (port == 0) {
            throw new HttpBackends.BackendException("UnsupportedProtocol", "Cannot load GRPCBackendRef " + where
                    + ": port is required");
        }
        return backends.grpcLoadBalancer(namespace, name, port, route.ref());
    }

    private List<String> filters(KubeObject route, String routerName, List<Node> filters, Parts parts) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Node filter = filters.get(i);
            String type = filter.get("type").string("");
            switch (type) {
                case "RequestHeaderModifier" -> {
                    String name = GatewayNames.qualify(routerName + "-" + type.toLowerCase(Locale.ROOT) + "-" + i);
                    Map<String, Object> opts = new LinkedHashMap<>(filter.get("requestHeaderModifier").map());
                    opts.values().removeIf(Objects::isNull);
                    parts.middlewares.put(name, new MiddlewareConfig(name, "gatewayRequestHeaderModifier", Map.copyOf(opts),
                            route.ref()));
                    names.add(name);
                }
                case "ExtensionRef" -> names.add(extensionRef(route, filter.get("extensionRef")));
                default -> throw new HttpRoutes.FilterException("unsupported filter " + type);
            }
        }
        return names;
    }

    /** A Traefik Middleware of the route's namespace, when the CRD provider is on. */
    private String extensionRef(KubeObject route, Node ref) {
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("");
        String name = ref.get("name").string("");
        if (!group.equals(TRAEFIK_GROUP) || !kind.equals("Middleware") || !options.crdProvider()) {
            throw new HttpRoutes.FilterException("loading ExtensionRef filter: unsupported filter extension ref "
                    + group + "/" + kind + "/" + name);
        }
        return CrdNames.qualify(CrdNames.objectKey(route.namespace(), name));
    }

    /** A backend that answers no request (503). */
    private static ServiceConfig errorService(ObjectRef source) {
        return new ServiceConfig.LoadBalancer(List.of(), true, ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null,
                null, source);
    }
}
