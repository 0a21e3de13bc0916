package io.jetway.translate.gateway;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTableBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static io.jetway.translate.gateway.GatewayFixtures.GATEWAY;
import static io.jetway.translate.gateway.GatewayFixtures.WHOAMI;
import static io.jetway.translate.gateway.GatewayFixtures.route;
import static io.jetway.translate.gateway.GatewayFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Jetway does with HTTPRoutes beyond Traefik v3.7 (issue 20): RequestMirror filters, a rule's
 * {@code timeouts}, and ExtensionRefs to a Middleware of another namespace ({@code <namespace>/<name>},
 * allowed by a ReferenceGrant).
 */
class HttpRouteExtensionsTest {

    private static final ObjectRef ROUTE = new ObjectRef("HTTPRoute", "default", "http-app-1");
    private static final String GW = "@kubernetesgateway";

    /** mirror: Service port 80 -> 9090 at 10.20.0.1, in the namespace given. */
    private static String mirrorService(String namespace) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: mirror, namespace: %1$s}
                spec:
                  ports: [{name: web, port: 80}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: mirror-abc
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: mirror}
                addressType: IPv4
                ports: [{name: web, port: 9090}]
                endpoints: [{addresses: [10.20.0.1], conditions: {ready: true}}]
                ---
                """.formatted(namespace);
    }

    private static String grant(String namespace, String toGroup, String toKind, String toName) {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: %s}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "%s", kind: %s%s}]
                ---
                """.formatted(namespace, toGroup, toKind, toName == null ? "" : ", name: " + toName);
    }

    /** The router of rule {@code ri} (one match each), by its route key. */
    private static RouterConfig router(DynamicConfig c, int ri) {
        String key = "httproute-default-http-app-1-gw-default-my-gateway-ep-web-" + ri + "-";
        List<RouterConfig> found = c.routers().values().stream().filter(r -> r.name().startsWith(key)).toList();
        assertEquals(1, found.size(), String.valueOf(c.routers().keySet()));
        return found.get(0);
    }

    private static String base(RouterConfig router) {
        return router.name().substring(0, router.name().length() - GW.length());
    }

    private static GatewayCondition resolvedRefs(GatewayTranslation t) {
        return t.routes().get(ROUTE).get(0).conditions().get(1);
    }

    private static RouterStatus built(DynamicConfig c, RouterConfig router) {
        return RoutingTableBuilder.check(c, List.of("web"), Set.of()).table().routerStatuses().stream()
                .filter(s -> s.name().equals(router.name())).findFirst().orElseThrow();
    }

    // ---- RequestMirror

    @Test
    void requestMirrorFiltersMakeAMirroringServiceOverTheRulesWeightedService() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + mirrorService("default") + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - filters:
                      - type: RequestMirror
                        requestMirror: {backendRef: {name: mirror, port: 80}, percent: 50}
                      - type: RequestHeaderModifier
                        requestHeaderModifier: {set: [{name: X-A, value: b}]}
                      - type: RequestMirror
                        requestMirror: {backendRef: {name: whoami, port: 80}}
                    backendRefs: [{name: whoami, port: 80}]
                """));
        DynamicConfig c = t.config();
        RouterConfig router = router(c, 0);
        String r = base(router);
        assertEquals(r + "-mirroring" + GW, router.service());
        assertEquals(List.of(r + "-requestheadermodifier-1" + GW), router.middlewares(), "a mirror is no middleware");
        assertEquals(new ServiceConfig.Mirroring(r + "-wrr" + GW, List.of(new ServiceConfig.Mirror(r + "-requestmirror-0" + GW, 50),
                        new ServiceConfig.Mirror(r + "-requestmirror-2" + GW, 100)), true, -1, ROUTE),
                c.services().get(r + "-mirroring" + GW), "the filter's index names each mirror; no percent is every request");
        ServiceConfig.LoadBalancer mirror = (ServiceConfig.LoadBalancer) c.services().get(r + "-requestmirror-0" + GW);
        assertEquals(List.of(new ServiceConfig.Server("http://10.20.0.1:9090", 1)), mirror.servers());
        assertTrue(c.services().get(r + "-wrr" + GW) instanceof ServiceConfig.Weighted);
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), resolvedRefs(t));
        assertEquals(List.of(), c.problems());
        assertEquals(RouterStatus.ENABLED, built(c, router).status(), built(c, router).errors().toString());
    }

    @Test
    void aMirrorsShareIsItsPercentOrItsFractionInWholePercents() throws Exception {
        record Case(String options, int percent, boolean warned) {
        }
        List<Case> cases = List.of(
                new Case("", 100, false),
                new Case(", percent: 0", 0, false),
                new Case(", percent: 7", 7, false),
                new Case(", fraction: {numerator: 5}", 5, false), // denominator 100 by default
                new Case(", fraction: {numerator: 1, denominator: 3}", 33, false),
                new Case(", fraction: {numerator: 2, denominator: 3}", 67, false), // to the nearest percent
                new Case(", fraction: {numerator: 1, denominator: 1000}", 1, false), // above zero stays on
                new Case(", fraction: {numerator: 0, denominator: 1000}", 0, false),
                new Case(", percent: 150", 100, true),
                new Case(", fraction: {numerator: 3, denominator: 2}", 100, true),
                new Case(", fraction: {numerator: 1, denominator: 0}", 100, true));
        for (Case k : cases) {
            GatewayTranslation t = translate(CLASS + WHOAMI + mirrorService("default") + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: mirror, port: 80}%s}}]
                        backendRefs: [{name: whoami, port: 80}]
                    """.formatted(k.options())));
            DynamicConfig c = t.config();
            String r = base(router(c, 0));
            ServiceConfig.Mirroring m = (ServiceConfig.Mirroring) c.services().get(r + "-mirroring" + GW);
            assertEquals(k.percent(), m.mirrors().get(0).percent(), k.options());
            assertEquals(k.warned(), c.problems().stream().anyMatch(p -> p.isWarning() && p.element().equals(r + "-mirroring" + GW)),
                    k.options() + ": " + c.problems());
        }
    }

    @Test
    void aMirrorThatDoesNotResolveIsLeftOutAndReportedWhileTheMainTrafficFlows() throws Exception {
        record Case(String backendRef, String reason, String message) {
        }
        List<Case> cases = List.of(
                new Case("{name: mirror}", "UnsupportedProtocol", "port is required"),
                new Case("{name: nothing, port: 80}", "BackendNotFound", "service not found"),
                new Case("{name: mirror, port: 81}", "BackendNotFound", "service port 81 not found"),
                new Case("{name: mirror, namespace: other, port: 80}", "RefNotPermitted", "missing ReferenceGrant"),
                new Case("{group: traefik.io, kind: TraefikService, name: ts}", "InvalidKind",
                        "only a Kubernetes Service can be a mirror"));
        for (Case k : cases) {
            GatewayTranslation t = translate(CLASS + WHOAMI + mirrorService("default") + mirrorService("other") + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - filters:
                          - {type: RequestMirror, requestMirror: {backendRef: %s}}
                          - {type: RequestMirror, requestMirror: {backendRef: {name: mirror, port: 80}, percent: 10}}
                        backendRefs: [{name: whoami, port: 80}]
                    """.formatted(k.backendRef())));
            DynamicConfig c = t.config();
            RouterConfig router = router(c, 0);
            String r = base(router);
            assertEquals(new ServiceConfig.Mirroring(r + "-wrr" + GW, List.of(new ServiceConfig.Mirror(r + "-requestmirror-1" + GW, 10)),
                    true, -1, ROUTE), c.services().get(r + "-mirroring" + GW), k.backendRef());
            GatewayCondition resolved = resolvedRefs(t);
            assertEquals("False", resolved.status(), k.backendRef());
            assertEquals(k.reason(), resolved.reason(), k.backendRef());
            assertTrue(resolved.message().startsWith("RequestMirror filter: ") && resolved.message().contains(k.message()),
                    resolved.message());
            assertEquals(RouterStatus.ENABLED, built(c, router).status(), k.backendRef() + ": " + built(c, router).errors());
        }
        // With the grant, the other namespace's Service mirrors.
        GatewayTranslation granted = translate(CLASS + WHOAMI + mirrorService("other") + grant("other", "", "Service", "mirror")
                + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: mirror, namespace: other, port: 80}}}]
                    backendRefs: [{name: whoami, port: 80}]
                """));
        String r = base(router(granted.config(), 0));
        assertEquals(List.of(new ServiceConfig.Mirror(r + "-requestmirror-0" + GW, 100)),
                ((ServiceConfig.Mirroring) granted.config().services().get(r + "-mirroring" + GW)).mirrors());
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), resolvedRefs(granted));
    }

    // ---- timeouts

    @Test
    void timeoutsBecomeTheRoutersFirstMiddlewareAndZeroMeansNone() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - matches: [{path: {type: Exact, value: /both}}]
                    timeouts: {request: 1m30s, backendRequest: 10s}
                    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: b}]}}]
                    backendRefs: [{name: whoami, port: 80}]
                  - matches: [{path: {type: Exact, value: /backend}}]
                    timeouts: {request: 0s, backendRequest: 500ms}
                    backendRefs: [{name: whoami, port: 80}]
                  - matches: [{path: {type: Exact, value: /none}}]
                    timeouts: {request: 0s, backendRequest: 0s}
                    backendRefs: [{name: whoami, port: 80}]
                """));
        DynamicConfig c = t.config();
        RouterConfig both = router(c, 0);
        String r0 = base(both);
        assertEquals(List.of(r0 + "-timeouts" + GW, r0 + "-requestheadermodifier-0" + GW), both.middlewares(),
                "first, so that the request's clock starts as routing ends");
        assertEquals(new MiddlewareConfig(r0 + "-timeouts" + GW, "gatewayTimeouts", Map.of("request", "1m30s", "backendRequest", "10s"),
                ROUTE), c.middlewares().get(r0 + "-timeouts" + GW));
        String r1 = base(router(c, 1));
        assertEquals(Map.of("backendRequest", "500ms"), c.middlewares().get(r1 + "-timeouts" + GW).options(),
                "0s for request is none, so backendRequest may be any length");
        assertEquals(List.of(), router(c, 2).middlewares(), "0s everywhere: no limits, no middleware");
        assertEquals(List.of(), c.problems());
        for (int ri = 0; ri < 3; ri++) {
            assertEquals(RouterStatus.ENABLED, built(c, router(c, ri)).status(), built(c, router(c, ri)).errors().toString());
        }
    }

    @Test
    void anInvalidTimeoutDisablesOnlyItsRuleRouterWithAProblemSayingWhy() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - matches: [{path: {type: Exact, value: /bad}}]
                    timeouts: {request: 10x}
                    backendRefs: [{name: whoami, port: 80}]
                  - matches: [{path: {type: Exact, value: /good}}]
                    timeouts: {request: 10s}
                    backendRefs: [{name: whoami, port: 80}]
                  - matches: [{path: {type: Exact, value: /longer}}]
                    timeouts: {request: 10s, backendRequest: 20s}
                    backendRefs: [{name: whoami, port: 80}]
                  - matches: [{path: {type: Exact, value: /go-only}}]
                    timeouts: {backendRequest: 1.5s}
                    backendRefs: [{name: whoami, port: 80}]
                """));
        DynamicConfig c = t.config();
        Map<Integer, String> expected = Map.of(
                0, "spec.rules[0].timeouts.request: invalid duration \"10x\"",
                2, "spec.rules[2].timeouts: backendRequest 20s must not be longer than request 10s",
                3, "spec.rules[3].timeouts.backendRequest: invalid duration \"1.5s\"");
        for (int ri = 0; ri < 4; ri++) {
            RouterConfig router = router(c, ri);
            RouterStatus status = built(c, router);
            String message = expected.get(ri);
            List<Problem> problems = c.problems().stream().filter(p -> router.name().equals(p.element())).toList();
            if (message == null) {
                assertEquals(RouterStatus.ENABLED, status.status(), ri + ": " + status.errors());
                assertEquals(List.of(), problems);
            } else {
                assertEquals(RouterStatus.DISABLED, status.status(), String.valueOf(ri));
                assertEquals(1, problems.size(), String.valueOf(c.problems()));
                assertFalse(problems.get(0).isWarning());
                assertEquals(ROUTE, problems.get(0).object());
                assertTrue(problems.get(0).message().startsWith(message), problems.get(0).message());
                assertTrue(status.errors().stream().anyMatch(e -> e.contains(message)), String.valueOf(status.errors()));
            }
        }
        assertEquals(GatewayCondition.isTrue("Accepted", "Accepted", ""), t.routes().get(ROUTE).get(0).conditions().get(0));
    }

    // ---- ExtensionRef across namespaces

    private static final String SHARED_MIDDLEWARE = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: auth, namespace: shared}
            spec: {headers: {customRequestHeaders: {X-Shared: "yes"}}}
            ---
            """;

    private static String extensionRefRoute(String name) {
        return route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - filters: [{type: ExtensionRef, extensionRef: {group: traefik.io, kind: Middleware, name: "%s"}}]
                    backendRefs: [{name: whoami, port: 80}]
                """.formatted(name));
    }

    @Test
    void anExtensionRefNamespaceSlashNameNamesAMiddlewareOfThatNamespaceWhenAGrantAllowsIt() throws Exception {
        for (String toName : new String[] {null, "auth"}) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + SHARED_MIDDLEWARE
                    + grant("shared", "traefik.io", "Middleware", toName) + extensionRefRoute("shared/auth"));
            RouterConfig router = router(t.config(), 0);
            assertEquals(List.of("shared-auth@kubernetescrd"), router.middlewares(), String.valueOf(toName));
            assertEquals(base(router) + "-wrr" + GW, router.service());
            assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), resolvedRefs(t));
        }
        // The route's own namespace written out needs no grant; a plain name stays Traefik's.
        for (String name : new String[] {"default/local", "local"}) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + extensionRefRoute(name));
            assertEquals(List.of("default-local@kubernetescrd"), router(t.config(), 0).middlewares(), name);
            assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), resolvedRefs(t));
        }
    }

    @Test
    void withoutAGrantTheRouterAnswersFromItsErrorServiceAndResolvedRefsNamesTheMissingGrant() throws Exception {
        List<String> grants = List.of(
                "", // none
                grant("shared", "traefik.io", "Middleware", "other"), // another Middleware
                grant("default", "traefik.io", "Middleware", null), // in the route's namespace, not the Middleware's
                grant("shared", "", "Service", null)); // another kind
        for (String grant : grants) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + SHARED_MIDDLEWARE + grant + extensionRefRoute("shared/auth"));
            DynamicConfig c = t.config();
            RouterConfig router = router(c, 0);
            assertEquals(List.of(), router.middlewares(), grant);
            assertEquals(base(router) + "-err-wrr" + GW, router.service(), "as Traefik's bad ExtensionRef: " + grant);
            assertEquals(GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted",
                    "Cannot load ExtensionRef traefik.io/Middleware/shared/auth: missing ReferenceGrant in namespace \"shared\""
                            + " from gateway.networking.k8s.io HTTPRoute in namespace \"default\" to traefik.io Middleware"),
                    resolvedRefs(t), grant);
            assertTrue(c.problems().stream().anyMatch(p -> p.object().equals(ROUTE) && p.message().contains("RefNotPermitted")),
                    String.valueOf(c.problems()));
        }
        // A malformed name is a bad ExtensionRef as Traefik's: the error service, conditions left True.
        GatewayTranslation bad = translate(CLASS + WHOAMI + GATEWAY + extensionRefRoute("a/b/c"));
        RouterConfig router = router(bad.config(), 0);
        assertEquals(base(router) + "-err-wrr" + GW, router.service());
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), resolvedRefs(bad));
    }
}
