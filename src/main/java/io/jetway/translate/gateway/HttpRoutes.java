package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdNames;
import io.jetway.util.GoDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTPRoutes into routers, weighted services and filter middlewares, as Traefik's provider makes
 * them: one router per parentRef listener, rule and match. Beyond Traefik: RequestMirror filters
 * (a mirroring service over the rule's weighted one), a rule's {@code timeouts} (an internal
 * {@code gatewayTimeouts} middleware) and ExtensionRefs to a Middleware of another namespace
 * (see {@link #extensionRef}).
 */
final class HttpRoutes {

    static final String KIND = "HTTPRoute";
    private static final String TRAEFIK_GROUP = "traefik.io";

    private final ResourceSnapshot resources;
    private final GatewayOptions options;
    private final HttpBackends backends;
    private final Output out;
    /** BackendTLSPolicy statuses: policy, then ancestorRef, then conditions. */
    private final Map<ObjectRef, Map<Map<String, Object>, List<GatewayCondition>>> policyStatuses = new LinkedHashMap<>();

    /** Where translated parts go, shared by the route kinds. */
    record Output(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                  Map<String, MiddlewareConfig> middlewares, Map<GatewayListener, Integer> attached,
                  Map<ObjectRef, List<GatewayApiStatus.RouteParentStatus>> statuses, List<Problem> problems) {
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
        RouteAttachment.attach(route, KIND, parents, true, (listener, hostnames) -> {
            Parts parts = new Parts(listener);
            GatewayCondition condition = load(route, listener, hostnames, parts);
            return new RouteAttachment.Loaded<>(parts, condition);
        }, parts -> {
            out.routers().putAll(parts.routers);
            out.services().putAll(parts.services);
            out.middlewares().putAll(parts.middlewares);
            out.problems().addAll(parts.problems);
            parts.policies.forEach((policy, conditions) -> policyStatus(policy, parts.listener, conditions));
        }, out);
    }

    /**
     * The BackendTLSPolicies' statuses: per policy, one entry per ancestor, the Gateway listener
     * (as Traefik: Gateway and sectionName) through which an attached route reaches a Service the
     * policy targets. Where the policy is accepted for one port and not another through the same
     * listener, accepted wins: it is in use there.
     */
    Map<ObjectRef, List<GatewayApiStatus.PolicyAncestorStatus>> policyStatuses() {
        Map<ObjectRef, List<GatewayApiStatus.PolicyAncestorStatus>> out = new LinkedHashMap<>();
        policyStatuses.forEach((policy, ancestors) -> out.put(policy, ancestors.entrySet().stream()
                .map(e -> new GatewayApiStatus.PolicyAncestorStatus(e.getKey(), e.getValue())).toList()));
        return out;
    }

    private void policyStatus(ObjectRef policy, GatewayListener listener, List<GatewayCondition> conditions) {
        Map<String, Object> ancestor = new LinkedHashMap<>();
        ancestor.put("group", ReferenceGrants.GATEWAY_GROUP);
        ancestor.put("kind", "Gateway");
        ancestor.put("namespace", listener.gatewayNamespace());
        ancestor.put("name", listener.gatewayName());
        ancestor.put("sectionName", listener.name());
        policyStatuses.computeIfAbsent(policy, k -> new LinkedHashMap<>()).merge(ancestor, conditions, ACCEPTED_FIRST);
    }

    /** Of a policy's two condition lists for one ancestor, the accepted one, else the first. */
    private static final java.util.function.BinaryOperator<List<GatewayCondition>> ACCEPTED_FIRST = (before, now) ->
            accepted(before) || !accepted(now) ? before : now;

    private static boolean accepted(List<GatewayCondition> conditions) {
        return conditions.stream().anyMatch(c -> c.type().equals("Accepted") && c.holds());
    }

    /** What one listener gets of a route, merged only when the route attaches to it. */
    private static final class Parts {
        final GatewayListener listener;
        final Map<String, RouterConfig> routers = new LinkedHashMap<>();
        final Map<String, ServiceConfig> services = new LinkedHashMap<>();
        final Map<String, MiddlewareConfig> middlewares = new LinkedHashMap<>();
        /** Problems of the routers and services above (a router named by an error one is disabled). */
        final List<Problem> problems = new ArrayList<>();
        /** The conditions of the BackendTLSPolicies of this listener's backends. */
        final Map<ObjectRef, List<GatewayCondition>> policies = new LinkedHashMap<>();

        Parts(GatewayListener listener) {
            this.listener = listener;
        }
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
                    List<MirrorFilter> mirrors = new ArrayList<>();
                    middlewares = filters(route, routerName, rule.get("filters").list(), pathMatch, parts, mirrors);
                    BackendChoice choice = backends(route, routerName, rule, pathMatch, parts);
                    service = choice.service;
                    if (choice.condition != null) {
                        condition = choice.condition;
                    }
                    if (!mirrors.isEmpty()) {
                        choice = mirroring(route, routerName, service, mirrors, parts);
                        service = choice.service;
                        if (choice.condition != null) {
                            condition = choice.condition;
                        }
                    }
                } catch (FilterException e) {
                    // Traefik: the router stays, answering 500 through an empty weighted service.
                    middlewares = List.of();
                    service = routerName + "-err-wrr";
                    parts.services.put(GatewayNames.qualify(service), errorService(route.ref()));
                    if (e.condition != null) {
                        condition = e.condition;
                    }
                }
                String timeouts = timeouts(route, routerName, rule.get("timeouts"), parts);
                if (timeouts != null) {
                    List<String> all = new ArrayList<>();
                    all.add(timeouts); // first: the request's clock starts as routing ends
                    all.addAll(middlewares);
                    middlewares = all;
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

    /** A router that cannot serve: as Traefik, a weighted service whose one child answers 500. */
    private static ServiceConfig errorService(ObjectRef source) {
        return new ServiceConfig.Weighted(List.of(ServiceConfig.WeightedChild.answering("invalid-httproute-filter", 1, 500)),
                null, source);
    }

    private record BackendChoice(String service, GatewayCondition condition) {
    }

    private BackendChoice backends(KubeObject route, String routerName, Node rule, Node pathMatch, Parts parts) {
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
                List<String> middlewares = backendFilters(route, ref, namespace, name, childName, pathMatch, parts);
                String child = backend(route, ref, namespace, name, childName, parts);
                children.add(new ServiceConfig.WeightedChild(qualifyService(child), weight, null, middlewares));
            } catch (HttpBackends.BackendException e) {
                condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage());
                // As Traefik: the backend keeps its share of the requests, answered with 500.
                children.add(ServiceConfig.WeightedChild.answering(GatewayNames.qualify(childName), weight, 500));
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
                GatewayNames.qualify(childName), (policy, conditions) -> parts.policies.merge(policy, conditions, ACCEPTED_FIRST)));
        return childName;
    }

    /**
     * A backendRef's own filters, as Traefik: middlewares {@code <child>-<type>-<index>} that only the
     * requests this backend gets go through, after the rule's. A filter that cannot be used (or a
     * RequestMirror, which Traefik does not take there either) makes the backend answer 500, the
     * route's ResolvedRefs False with reason InvalidKind. Checked after the ReferenceGrant, as Traefik.
     */
    private List<String> backendFilters(KubeObject route, Node ref, String namespace, String name, String childName,
                                        Node pathMatch, Parts parts) {
        List<Node> filters = ref.get("filters").list();
        if (filters.isEmpty()) {
            return List.of();
        }
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("Service");
        String where = (group.isEmpty() ? "core" : group) + "/" + kind + "/" + namespace + "/" + name;
        if (ReferenceGrants.granted(resources, KIND, route.namespace(), group, kind, name, namespace)) {
            try {
                List<MirrorFilter> mirrors = new ArrayList<>();
                List<String> names = filters(route, childName, filters, pathMatch, parts, mirrors);
                if (mirrors.isEmpty()) {
                    return names;
                }
                throw new FilterException("unsupported filter RequestMirror");
            } catch (FilterException e) {
                throw new HttpBackends.BackendException("InvalidKind", "Cannot load filters on HTTPBackendRef " + where + ": "
                        + e.getMessage());
            }
        }
        return List.of(); // backend() says RefNotPermitted
    }

    private boolean crossProviderAllowed(String namespace) {
        return options.crossProviderNamespaces() == null || options.crossProviderNamespaces().contains(namespace);
    }

    private static boolean internal(Node ref) {
        return ref.get("group").string("").equals(TRAEFIK_GROUP) && ref.get("kind").string("").equals("TraefikService")
                && ref.get("name").string("").endsWith("@internal");
    }

    /**
     * A filter the route cannot use: the router answers 500 (Traefik's behaviour); with a condition
     * (Jetway's own reference checks), the route's ResolvedRefs says why.
     */
    static final class FilterException extends RuntimeException {
        final GatewayCondition condition;

        FilterException(String message) {
            this(message, null);
        }

        FilterException(String message, GatewayCondition condition) {
            super(message);
            this.condition = condition;
        }
    }

    /** A RequestMirror filter of a rule and its index among the rule's filters (for its service's name). */
    private record MirrorFilter(int index, Node requestMirror) {
    }

    /**
     * The rule's service with its RequestMirror filters: a mirroring service {@code <router>-mirroring}
     * whose main service is the rule's ({@code <router>-wrr}) and whose mirrors are load balancers
     * {@code <router>-requestmirror-<filter index>}, resolved as backendRefs are. A mirror that does
     * not resolve is left out (the route's ResolvedRefs says why) so that the main traffic flows.
     */
    private BackendChoice mirroring(KubeObject route, String routerName, String main, List<MirrorFilter> filters, Parts parts) {
        String name = GatewayNames.qualify(routerName + "-mirroring");
        GatewayCondition condition = null;
        List<ServiceConfig.Mirror> mirrors = new ArrayList<>();
        for (MirrorFilter filter : filters) {
            Node ref = filter.requestMirror().get("backendRef");
            String namespace = ref.get("namespace").string(route.namespace());
            String backendName = ref.get("name").string("");
            String group = ref.get("group").string("");
            String kind = ref.get("kind").string("Service");
            try {
                if (!(group.isEmpty() || group.equals("core")) || !kind.equals("Service")) {
                    // A TraefikService the build could not find would fail the whole mirroring service, main traffic included.
                    throw new HttpBackends.BackendException("InvalidKind", "Cannot load RequestMirror backendRef "
                            + (group.isEmpty() ? "core" : group) + "/" + kind + "/" + namespace + "/" + backendName
                            + ": only a Kubernetes Service can be a mirror");
                }
                String mirror = backend(route, ref, namespace, backendName, routerName + "-requestmirror-" + filter.index(), parts);
                mirrors.add(new ServiceConfig.Mirror(qualifyService(mirror), mirrorPercent(route, name, filter.requestMirror(), parts)));
            } catch (HttpBackends.BackendException e) {
                condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, "RequestMirror filter: " + e.getMessage());
            }
        }
        // As a TraefikService mirroring's defaults: the body goes to the mirrors too, whatever its size.
        parts.services.put(name, new ServiceConfig.Mirroring(qualifyService(main), mirrors, true, -1, route.ref()));
        return new BackendChoice(routerName + "-mirroring", condition);
    }

    /**
     * The share of requests a mirror gets, in whole percents (Jetway's mirrors count whole percents, as
     * Traefik's): {@code percent}, else {@code fraction} as numerator*100/denominator (denominator 100 by
     * default) rounded to the nearest percent, except that a fraction above zero never rounds down to 0%
     * (1/1000 mirrors 1%: a mirror asked for stays on); neither means every request. Values the Gateway
     * API's schema refuses are clamped to 0..100 with a warning.
     */
    private static int mirrorPercent(KubeObject route, String service, Node requestMirror, Parts parts) {
        Node percent = requestMirror.get("percent");
        Node fraction = requestMirror.get("fraction");
        long value;
        Node field;
        if (!percent.isMissing()) {
            field = percent;
            value = percent.integer(100);
        } else if (!fraction.isMissing()) {
            field = fraction;
            long numerator = fraction.get("numerator").integer(0);
            long denominator = fraction.get("denominator").integer(100);
            if (denominator <= 0) {
                parts.problems.add(Problem.warning(route.ref(), service, fraction.get("denominator").path()
                        + ": must be at least 1, got " + denominator + "; the mirror gets every request"));
                return 100;
            }
            value = (numerator * 100 + denominator / 2) / denominator;
            if (numerator > 0 && value == 0) {
                value = 1;
            }
        } else {
            return 100;
        }
        if (value < 0 || value > 100) {
            long clamped = Math.max(0, Math.min(100, value));
            parts.problems.add(Problem.warning(route.ref(), service, field.path() + ": makes " + value
                    + "% of the requests, clamped to " + clamped + "%"));
            return (int) clamped;
        }
        return (int) value;
    }

    /** The Gateway API's Duration: 1 to 4 pairs of up to 5 digits and a unit, {@code h}, {@code m}, {@code s} or {@code ms}. */
    private static final java.util.regex.Pattern GATEWAY_DURATION = java.util.regex.Pattern.compile("([0-9]{1,5}(h|m|s|ms)){1,4}");

    /**
     * The rule's {@code timeouts} as a {@code gatewayTimeouts} middleware {@code <router>-timeouts}, or
     * null when it sets none ("0s" is none). An invalid duration, or a backendRequest longer than a
     * request timeout (the Gateway API forbids it), disables the router with a problem saying why.
     */
    private static String timeouts(KubeObject route, String routerName, Node timeouts, Parts parts) {
        if (timeouts.isMissing()) {
            return null;
        }
        String router = GatewayNames.qualify(routerName);
        Map<String, Object> opts = new LinkedHashMap<>();
        Duration request = Duration.ZERO;
        Duration backendRequest = Duration.ZERO;
        for (String field : List.of("request", "backendRequest")) {
            Node node = timeouts.get(field);
            if (node.isMissing()) {
                continue;
            }
            String text = node.string("");
            if (!GATEWAY_DURATION.matcher(text).matches()) {
                parts.problems.add(new Problem(route.ref(), router, node.path() + ": invalid duration \"" + text
                        + "\": the Gateway API's durations are 1 to 4 pairs of a number and a unit (h, m, s, ms), as 10s or 1m30s"));
                return null;
            }
            Duration d = GoDuration.parse(text);
            if (d.isZero()) {
                continue;
            }
            if (field.equals("request")) {
                request = d;
            } else {
                backendRequest = d;
            }
            opts.put(field, text);
        }
        if (!request.isZero() && backendRequest.compareTo(request) > 0) {
            parts.problems.add(new Problem(route.ref(), router, timeouts.path() + ": backendRequest "
                    + timeouts.get("backendRequest").string("") + " must not be longer than request "
                    + timeouts.get("request").string("")));
            return null;
        }
        if (opts.isEmpty()) {
            return null;
        }
        String name = GatewayNames.qualify(routerName + "-timeouts");
        parts.middlewares.put(name, new MiddlewareConfig(name, "gatewayTimeouts", Map.copyOf(opts), route.ref()));
        return name;
    }

    private List<String> filters(KubeObject route, String parentName, List<Node> filters, Node pathMatch, Parts parts,
                                 List<MirrorFilter> mirrors) {
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
                case "RequestMirror" -> mirrors.add(new MirrorFilter(i, filter.get("requestMirror")));
                default -> throw new FilterException("unsupported filter " + type);
            }
        }
        return names;
    }

    /**
     * A Traefik Middleware of the CRD provider: {@code name} in the route's namespace, as Traefik, or,
     * beyond Traefik (its issue #11126), {@code <namespace>/<name>} for one in another namespace. The
     * Gateway API's ExtensionRef is a LocalObjectReference (group, kind, name): a {@code namespace}
     * field would be pruned by the API server, while a name may hold a '/' (no object's name does, so
     * it is unambiguous) and reads as kubectl's namespace/name. The Middleware's namespace must hold a
     * ReferenceGrant from HTTPRoutes of the route's namespace to {@code traefik.io} Middlewares (all, or
     * this one by name); without it the router answers as for any bad ExtensionRef (500 from
     * {@code <router>-err-wrr}) and the route's ResolvedRefs is False, RefNotPermitted.
     */
    private String extensionRef(KubeObject route, Node ref) {
        String group = ref.get("group").string("");
        String kind = ref.get("kind").string("");
        String name = ref.get("name").string("");
        if (!group.equals(TRAEFIK_GROUP) || !kind.equals("Middleware") || !options.crdProvider()) {
            throw new FilterException("loading ExtensionRef filter: unsupported filter extension ref " + group + "/" + kind + "/" + name);
        }
        String namespace = route.namespace();
        int slash = name.indexOf('/');
        if (slash >= 0) {
            namespace = name.substring(0, slash);
            name = name.substring(slash + 1);
            if (namespace.isEmpty() || name.isEmpty() || name.contains("/")) {
                throw new FilterException("loading ExtensionRef filter: invalid Middleware name \"" + ref.get("name").string("")
                        + "\", expected <name> or <namespace>/<name>");
            }
            if (!ReferenceGrants.granted(resources, KIND, route.namespace(), TRAEFIK_GROUP, "Middleware", name, namespace)) {
                String message = "Cannot load ExtensionRef " + TRAEFIK_GROUP + "/Middleware/" + namespace + "/" + name
                        + ": missing ReferenceGrant in namespace \"" + namespace + "\" from " + ReferenceGrants.GATEWAY_GROUP
                        + " HTTPRoute in namespace \"" + route.namespace() + "\" to " + TRAEFIK_GROUP + " Middleware";
                throw new FilterException(message, GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted", message));
            }
        }
        return CrdNames.qualify(CrdNames.objectKey(namespace, name));
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
