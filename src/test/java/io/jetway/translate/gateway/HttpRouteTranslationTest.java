package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static io.jetway.translate.gateway.GatewayFixtures.GATEWAY;
import static io.jetway.translate.gateway.GatewayFixtures.WHOAMI;
import static io.jetway.translate.gateway.GatewayFixtures.route;
import static io.jetway.translate.gateway.GatewayFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPRoutes in, Traefik's routers, services and middlewares out (names, rules, priorities). */
class HttpRouteTranslationTest {

    private static final ObjectRef ROUTE = new ObjectRef("HTTPRoute", "default", "http-app-1");
    /** Traefik's own name for this route on this Gateway (its provider test uses the same objects). */
    private static final String TRAEFIK_NAME = "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-5c1d3f0c956b39f87c03";

    @Test
    void hostnamesWithoutMatchesGiveTraefiksRouterNameRuleAndPriority() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                hostnames: [foo.com, "*.foo.com"]
                rules:
                  - backendRefs: [{name: whoami, port: 80, weight: 1}]
                """));
        DynamicConfig c = t.config();
        RouterConfig router = c.routers().get(TRAEFIK_NAME + "@kubernetesgateway");
        assertEquals(new RouterConfig(TRAEFIK_NAME + "@kubernetesgateway", List.of("web"),
                "(Host(\"foo.com\") || HostRegexp(\"^[a-z0-9-\\\\.]+\\\\.foo\\\\.com$\")) && PathPrefix(\"/\")", 11, "v3",
                List.of(), TRAEFIK_NAME + "-wrr@kubernetesgateway", ROUTE, List.of(), null), router, String.valueOf(c.routers()));
        ServiceConfig.Weighted wrr = (ServiceConfig.Weighted) c.services().get(TRAEFIK_NAME + "-wrr@kubernetesgateway");
        assertEquals(List.of(new ServiceConfig.WeightedChild(TRAEFIK_NAME + "-svc-default-whoami-0@kubernetesgateway", 1)),
                wrr.services());
        ServiceConfig.LoadBalancer lb = (ServiceConfig.LoadBalancer) c.services().get(TRAEFIK_NAME + "-svc-default-whoami-0@kubernetesgateway");
        assertEquals(List.of(new ServiceConfig.Server("http://10.10.0.1:8080", 1), new ServiceConfig.Server("http://10.10.0.2:8080", 1)),
                lb.servers(), "ready endpoints only, at the EndpointSlice's port of the Service port's name");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""),
                GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "")), t.routes().get(ROUTE).get(0).conditions());
        assertEquals(1, t.gateways().get(new ObjectRef("Gateway", "default", "my-gateway")).listeners().get(0).attachedRoutes());
    }

    @Test
    void everyMatchKindAndItsPriority() throws Exception {
        record Case(String match, String rule, int priority) {
        }
        List<Case> cases = List.of(
                new Case("{path: {type: Exact, value: /bar}}", "Path(\"/bar\")", 100000),
                new Case("{path: {type: PathPrefix, value: /bar/}}", "(Path(\"/bar\") || PathPrefix(\"/bar/\"))", 10000 + 5 * 100),
                new Case("{path: {type: PathPrefix, value: /bar}}", "(Path(\"/bar\") || PathPrefix(\"/bar/\"))", 10000 + 4 * 100),
                new Case("{path: {type: PathPrefix, value: /}}", "PathPrefix(\"/\")", 1),
                new Case("{path: {type: RegularExpression, value: \"^/v[0-9]+\"}}", "PathRegexp(\"^/v[0-9]+\")", 10000 + 9 * 100),
                new Case("{method: POST}", "PathPrefix(\"/\") && Method(\"POST\")", 1 + 1000),
                new Case("{headers: [{name: X-A, value: b}, {type: RegularExpression, name: X-C, value: \"d.*\"}]}",
                        "PathPrefix(\"/\") && Header(\"X-A\",\"b\") && HeaderRegexp(\"X-C\",\"d.*\")", 1 + 200),
                new Case("{queryParams: [{name: q, value: \"1\"}, {type: RegularExpression, name: r, value: \"^x\"}]}",
                        "PathPrefix(\"/\") && Query(\"q\",\"1\") && QueryRegexp(\"r\",\"^x\")", 1 + 20),
                new Case("{path: {type: Exact, value: \"/a\\\"b\"}, method: GET, headers: [{name: h, value: v}], queryParams: [{name: q, value: w}]}",
                        "Path(\"/a\\\"b\") && Method(\"GET\") && Header(\"h\",\"v\") && Query(\"q\",\"w\")", 100000 + 1000 + 100 + 10));
        for (Case c : cases) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - matches: [%s]
                        backendRefs: [{name: whoami, port: 80}]
                    """.formatted(c.match())));
            RouterConfig router = t.config().routers().values().iterator().next();
            assertEquals(c.rule(), router.rule(), c.match());
            assertEquals(c.priority() + 1, router.priority(), c.match() + ": + 1 for the only rule");
        }
    }

    @Test
    void laterRulesGetLowerPrioritiesAndEachMatchItsOwnRouter() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                hostnames: [example.org]
                rules:
                  - matches: [{path: {type: Exact, value: /a}}, {path: {type: Exact, value: /b}}]
                    backendRefs: [{name: whoami, port: 80}]
                  - backendRefs: [{name: whoami, port: 80}]
                """)).config();
        assertEquals(3, c.routers().size());
        Map<String, Integer> priorities = new java.util.TreeMap<>();
        c.routers().values().forEach(r -> priorities.put(r.rule(), r.priority()));
        assertEquals(Map.of(
                "Host(\"example.org\") && Path(\"/a\")", 100000 + 11 + 2,
                "Host(\"example.org\") && Path(\"/b\")", 100000 + 11 + 2,
                "Host(\"example.org\") && PathPrefix(\"/\")", 1 + 11 + 1), priorities);
        assertTrue(c.routers().keySet().stream().filter(n -> n.contains("-ep-web-0-")).count() == 2);
        assertTrue(c.routers().keySet().stream().anyMatch(n -> n.contains("-ep-web-1-")));
    }

    @Test
    void weightedBackendsAndTraefikServices() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs:
                      - {name: whoami, port: 80, weight: 3}
                      - {group: traefik.io, kind: TraefikService, name: sticky, weight: 1}
                  - matches: [{path: {type: Exact, value: /api}}]
                    backendRefs: [{group: traefik.io, kind: TraefikService, name: api@internal}]
                """)).config();
        RouterConfig first = c.routers().values().stream().filter(r -> r.rule().equals("PathPrefix(\"/\")")).findFirst().orElseThrow();
        ServiceConfig.Weighted wrr = (ServiceConfig.Weighted) c.services().get(first.service());
        String key = first.name().replace("@kubernetesgateway", "");
        assertEquals(List.of(new ServiceConfig.WeightedChild(key + "-svc-default-whoami-0@kubernetesgateway", 3),
                new ServiceConfig.WeightedChild("default-sticky@kubernetescrd", 1)), wrr.services());
        RouterConfig api = c.routers().values().stream().filter(r -> r.rule().equals("Path(\"/api\")")).findFirst().orElseThrow();
        assertEquals("api@internal", api.service(), "a lone internal service is used directly");
    }

    @Test
    void internalServiceOutsideCrossProviderNamespacesIsRefused() throws Exception {
        GatewayOptions options = new GatewayOptions(false, List.of(), false, List.of("kube-system"), GatewayFixtures.ENTRY_POINTS, true);
        GatewayTranslation t = translate(CLASS + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{group: traefik.io, kind: TraefikService, name: api@internal}]
                """), options);
        RouterConfig router = t.config().routers().values().iterator().next();
        assertTrue(router.service().endsWith("-err-wrr@kubernetesgateway"), router.service());
        GatewayCondition resolved = t.routes().get(ROUTE).get(0).conditions().get(1);
        assertEquals("RefNotPermitted", resolved.reason());
        assertTrue(resolved.message().contains("crossProviderNamespaces"), resolved.message());
    }

    @Test
    void filtersBecomeMiddlewaresInOrder() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - matches: [{path: {type: PathPrefix, value: /old}}]
                    filters:
                      - type: RequestHeaderModifier
                        requestHeaderModifier: {set: [{name: X-A, value: a}], remove: [X-B]}
                      - type: ExtensionRef
                        extensionRef: {group: traefik.io, kind: Middleware, name: secure-headers}
                      - type: URLRewrite
                        urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
                      - type: ResponseHeaderModifier
                        responseHeaderModifier: {add: [{name: X-R, value: r}]}
                    backendRefs: [{name: whoami, port: 80}]
                """)).config();
        RouterConfig router = c.routers().values().iterator().next();
        String key = router.name().replace("@kubernetesgateway", "");
        assertEquals(List.of(key + "-requestheadermodifier-0@kubernetesgateway", "default-secure-headers@kubernetescrd",
                key + "-urlrewrite-2@kubernetesgateway", key + "-responseheadermodifier-3@kubernetesgateway"), router.middlewares());
        MiddlewareConfig rewrite = c.middlewares().get(key + "-urlrewrite-2@kubernetesgateway");
        assertEquals("gatewayUrlRewrite", rewrite.type());
        assertEquals("/old", rewrite.options().get("pathPrefix"), "the prefix ReplacePrefixMatch replaces");
        assertEquals(Map.of("set", List.of(Map.of("name", "X-A", "value", "a")), "remove", List.of("X-B")),
                c.middlewares().get(key + "-requestheadermodifier-0@kubernetesgateway").options());
    }

    @Test
    void aFilterTheRouteCannotUseMakesTheRouterAnswer500() throws Exception {
        // RequestMirror was one as in Traefik; Jetway has it now (HttpRouteExtensionsTest).
        for (String filter : List.of("{type: URLRewrite, urlRewrite: {}}", "{type: CORS, cors: {allowOrigins: [\"*\"]}}",
                "{type: ExtensionRef, extensionRef: {group: example.com, kind: Thing, name: x}}")) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - filters: [%s]
                        backendRefs: [{name: whoami, port: 80}]
                    """.formatted(filter)));
            RouterConfig router = t.config().routers().values().iterator().next();
            assertTrue(router.service().endsWith("-err-wrr@kubernetesgateway"), filter);
            assertEquals(List.of(ServiceConfig.WeightedChild.answering("invalid-httproute-filter", 1, 500)),
                    ((ServiceConfig.Weighted) t.config().services().get(router.service())).services(), "answers 500, as Traefik");
            assertEquals(List.of(), router.middlewares());
        }
    }

    @Test
    void httpsListenerRoutersTerminateTls() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + SecretFixture.SECRET + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - {name: websecure, protocol: HTTPS, port: 443, tls: {certificateRefs: [{kind: Secret, name: tls-cert}]}}
                ---
                """ + route("""
                parentRefs: [{name: my-gateway, sectionName: websecure}]
                rules:
                  - backendRefs: [{name: whoami, port: 80}]
                """)).config();
        RouterConfig router = c.routers().values().iterator().next();
        assertEquals(List.of("websecure"), router.entryPoints());
        assertEquals(RouterTls.DEFAULT, router.tls());
        assertEquals(1, c.tls().certificates().size(), "the listener's certificate, for the default store");
        assertEquals(new ObjectRef("Secret", "default", "tls-cert"), c.tls().certificates().get(0).source());
    }

    @Test
    void routesNotAllowedOrWithoutCommonHostnamesAreNotAttached() throws Exception {
        String gateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - {name: http, protocol: HTTP, port: 80, hostname: "*.example.com"}
                ---
                """;
        GatewayTranslation other = translate(CLASS + gateway + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: team}
                spec:
                  parentRefs: [{name: my-gateway, namespace: default}]
                  rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """);
        assertEquals("NotAllowedByListeners", other.routes().get(new ObjectRef("HTTPRoute", "team", "r")).get(0).conditions().get(0).reason());
        assertTrue(other.config().routers().isEmpty());

        GatewayTranslation hosts = translate(CLASS + WHOAMI + gateway + route("""
                parentRefs: [{name: my-gateway}]
                hostnames: [foo.org]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """));
        assertEquals("NoMatchingListenerHostname", hosts.routes().get(ROUTE).get(0).conditions().get(0).reason());
        assertTrue(hosts.config().problems().stream().anyMatch(p -> p.object().equals(ROUTE) && !p.isWarning()
                && p.message().contains("NoMatchingListenerHostname")), String.valueOf(hosts.config().problems()));

        GatewayTranslation narrowed = translate(CLASS + WHOAMI + gateway + route("""
                parentRefs: [{name: my-gateway}]
                hostnames: [a.b.example.com, other.org]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """));
        assertEquals("Host(\"a.b.example.com\") && PathPrefix(\"/\")", narrowed.config().routers().values().iterator().next().rule(),
                "the intersection keeps the more specific name; a suffix match admits several labels");
    }

    @Test
    void unresolvedBackendsKeepTheirShareAs500sAndSayWhy() throws Exception {
        record Case(String backendRef, String reason) {
        }
        for (Case c : List.of(new Case("{name: missing, port: 80}", "BackendNotFound"),
                new Case("{name: whoami, port: 81}", "BackendNotFound"),
                new Case("{name: whoami}", "UnsupportedProtocol"),
                new Case("{name: whoami, namespace: other, port: 80}", "RefNotPermitted"),
                new Case("{group: example.com, kind: Thing, name: x}", "InvalidKind"))) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                    parentRefs: [{name: my-gateway}]
                    rules: [{backendRefs: [%s, {name: whoami, port: 80}]}]
                    """.formatted(c.backendRef())));
            List<GatewayCondition> conditions = t.routes().get(ROUTE).get(0).conditions();
            assertEquals("Accepted", conditions.get(0).reason(), c.backendRef());
            assertEquals(c.reason(), conditions.get(1).reason(), c.backendRef() + ": " + conditions.get(1).message());
            RouterConfig router = t.config().routers().values().iterator().next();
            ServiceConfig.Weighted wrr = (ServiceConfig.Weighted) t.config().services().get(router.service());
            assertEquals(2, wrr.services().size(), "the failing backend keeps its share");
            assertEquals(500, wrr.services().get(0).status(), "answered with 500, as Traefik");
            assertEquals(null, wrr.services().get(1).status());
        }
    }

    @Test
    void aReferenceGrantAllowsABackendInAnotherNamespace() throws Exception {
        String otherWhoami = WHOAMI.replace("namespace: default", "namespace: other");
        String route = route("""
                parentRefs: [{name: my-gateway}]
                rules: [{backendRefs: [{name: whoami, namespace: other, port: 80}]}]
                """);
        GatewayTranslation refused = translate(CLASS + otherWhoami + GATEWAY + route);
        assertEquals("RefNotPermitted", refused.routes().get(ROUTE).get(0).conditions().get(1).reason());
        GatewayTranslation granted = translate(CLASS + otherWhoami + GATEWAY + route + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: other}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service}]
                """);
        assertEquals(GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""), granted.routes().get(ROUTE).get(0).conditions().get(1));
    }

    @Test
    void routesOfOtherControllersGatewaysGetNothing() throws Exception {
        GatewayTranslation t = translate("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: my-gateway-class}
                spec: {controllerName: example.com/other}
                ---
                """ + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """));
        assertTrue(t.config().routers().isEmpty());
        assertTrue(t.routes().isEmpty());
        assertTrue(t.gateways().isEmpty());
        assertTrue(t.classes().isEmpty());
    }

    @Test
    void aBackendTlsPolicyHostnameMustBeADnsName() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + route("""
                parentRefs: [{name: my-gateway}]
                rules: [{backendRefs: [{name: whoami, port: 80}]}]
                """) + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {name: p, namespace: default}
                spec:
                  targetRefs: [{group: "", kind: Service, name: whoami}]
                  validation: {hostname: "bad host/x", wellKnownCACertificates: System}
                """);
        GatewayCondition resolved = t.routes().get(ROUTE).get(0).conditions().get(1);
        assertEquals("RefNotPermitted", resolved.reason());
        assertTrue(resolved.message().contains("is not a DNS name"), resolved.message());
        assertTrue(t.config().serversTransports().isEmpty());
    }
}
