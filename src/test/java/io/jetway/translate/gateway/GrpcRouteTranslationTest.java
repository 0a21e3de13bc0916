package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

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
import static io.jetway.translate.gateway.GatewayFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GRPCRoutes in, Traefik's HTTP routers, services and middlewares out (names, rules, priorities, conditions). */
class GrpcRouteTranslationTest {

    private static final ObjectRef ROUTE = new ObjectRef("GRPCRoute", "default", "grpc-app-1");
    private static final ObjectRef GATEWAY_REF = new ObjectRef("Gateway", "default", "my-gateway");
    /** Traefik's name for its fixture grpcroute/filter_extension_ref.yml (kubernetes_test.go, TestLoadGRPCRoutes_filterExtensionRef). */
    private static final String TRAEFIK_NAME = "grpcroute-default-grpc-app-1-gw-default-my-gateway-ep-web-0-6a1e0890d475642f7c64";
    private static final String P = "@kubernetesgateway";

    static String grpcRoute(String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: grpc-app-1, namespace: default}
                spec:
                """ + spec.indent(2) + "---\n";
    }

    @Test
    void traefiksFixtureWithExtensionRefsGivesTraefiksNamesRuleAndPriority() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + grpcRoute("""
                parentRefs: [{name: my-gateway, kind: Gateway, group: gateway.networking.k8s.io}]
                hostnames: [foo.com]
                rules:
                  - backendRefs: [{name: whoami, port: 80, weight: 1}]
                    filters:
                      - {type: ExtensionRef, extensionRef: {group: traefik.io, kind: Middleware, name: my-first-middleware}}
                      - {type: ExtensionRef, extensionRef: {group: traefik.io, kind: Middleware, name: my-second-middleware}}
                """));
        DynamicConfig c = t.config();
        assertEquals(new RouterConfig(TRAEFIK_NAME + P, List.of("web"), "Host(\"foo.com\") && PathPrefix(\"/\")", 22, "v3",
                        List.of("default-my-first-middleware@kubernetescrd", "default-my-second-middleware@kubernetescrd"),
                        TRAEFIK_NAME + "-wrr" + P, ROUTE, List.of(), null),
                c.routers().get(TRAEFIK_NAME + P), String.valueOf(c.routers()));
        assertEquals(List.of(new ServiceConfig.WeightedChild(TRAEFIK_NAME + "-svc-default-whoami-0" + P, 1)),
                ((ServiceConfig.Weighted) c.services().get(TRAEFIK_NAME + "-wrr" + P)).services());
        ServiceConfig.LoadBalancer lb = (ServiceConfig.LoadBalancer) c.services().get(TRAEFIK_NAME + "-svc-default-whoami-0" + P);
        assertEquals(List.of(new ServiceConfig.Server("h2c://10.10.0.1:8080", 1), new ServiceConfig.Server("h2c://10.10.0.2:8080", 1)),
                lb.servers(), "h2c by default for gRPC, ready endpoints only");
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "")),
                t.routes().get(ROUTE).get(0).conditions());
        assertEquals(1, t.gateways().get(GATEWAY_REF).listeners().get(0).attachedRoutes());
    }

    /** Rules and priorities from Traefik's grpcroute_test.go (Test_buildGRPCMatchRule, Test_buildGRPCMethodRule). */
    @Test
    void methodAndHeaderMatchesAsTraefikBuildsThem() throws Exception {
        record Case(String hostnames, String match, String rule, int priority) {
        }
        List<Case> cases = List.of(
                new Case("[]", "{}", "PathPrefix(\"/\")", 15),
                new Case("[foo.com]", "{}", "Host(\"foo.com\") && PathPrefix(\"/\")", 22),
                new Case("[]", "{method: {type: Exact, service: foo, method: bar}}", "PathRegexp(\"/foo/bar\")", 22),
                new Case("[]", "{method: {type: Exact, service: foo, method: bar}, headers: [{type: Exact, name: foo, value: bar}]}",
                        "PathRegexp(\"/foo/bar\") && Header(\"foo\",\"bar\")", 45),
                new Case("[foo.com]", "{method: {type: Exact, service: foo, method: bar}, headers: [{type: Exact, name: foo, value: bar}]}",
                        "Host(\"foo.com\") && PathRegexp(\"/foo/bar\") && Header(\"foo\",\"bar\")", 52),
                new Case("[]", "{method: {type: Exact, service: foo}}", "PathRegexp(\"/foo/[^/]+\")", 24),
                new Case("[]", "{method: {type: Exact, method: bar}}", "PathRegexp(\"/[^/]+/bar\")", 24),
                new Case("[]", "{method: {type: RegularExpression, service: \"[^1-9/]\"}}", "PathRegexp(\"/[^1-9/]/[^/]+\")", 28),
                new Case("[]", "{method: {type: RegularExpression, service: \"[^1-9/]\", method: \"[^1-9/]\"}}",
                        "PathRegexp(\"/[^1-9/]/[^1-9/]\")", 30),
                new Case("[]", "{method: {type: Exact, service: foo.bar, method: Method}}", "PathRegexp(\"/foo\\\\.bar/Method\")", 31),
                new Case("[]", "{method: {service: auth.api, method: Login}}", "PathRegexp(\"/auth\\\\.api/Login\")", 31),
                new Case("[]", "{method: {type: RegularExpression, service: foo.bar, method: \".*\"}}", "PathRegexp(\"/foo.bar/.*\")", 25),
                new Case("[]", "{method: {type: Exact}}", "PathRegexp(\"/[^/]+/[^/]+\")", 26),
                new Case("[]", "{headers: [{type: RegularExpression, name: foo, value: \".*\"}]}",
                        "PathPrefix(\"/\") && HeaderRegexp(\"foo\",\".*\")", 43));
        for (Case c : cases) {
            DynamicConfig config = translate(CLASS + WHOAMI + GATEWAY + grpcRoute("""
                    parentRefs: [{name: my-gateway}]
                    hostnames: %s
                    rules:
                      - matches: [%s]
                        backendRefs: [{name: whoami, port: 80}]
                    """.formatted(c.hostnames(), c.match()))).config();
            assertEquals(1, config.routers().size(), c.match());
            RouterConfig router = config.routers().values().iterator().next();
            assertEquals(c.rule(), router.rule(), c.match());
            assertEquals(c.priority(), router.priority(), c.match() + ": the rule's length, no term for the rule's position");
        }
    }

    @Test
    void eachMatchIsARouterAndRulesKeepTheirOwnPriority() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + GATEWAY + grpcRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - matches: [{method: {service: a.A, method: Get}}, {method: {service: a.A, method: Put}}]
                    backendRefs: [{name: whoami, port: 80}]
                  - backendRefs: [{name: whoami, port: 80}]
                """)).config();
        assertEquals(3, c.routers().size());
        Map<String, Integer> priorities = new java.util.TreeMap<>();
        c.routers().values().forEach(r -> priorities.put(r.rule(), r.priority()));
        assertEquals(Map.of("PathRegexp(\"/a\\\\.A/Get\")", 24, "PathRegexp(\"/a\\\\.A/Put\")", 24, "PathPrefix(\"/\")", 15), priorities);
        assertEquals(2, c.routers().keySet().stream().filter(n -> n.startsWith("grpcroute-default-grpc-app-1-gw-default-my-gateway-ep-web-0-")).count());
        assertEquals(1, c.routers().keySet().stream().filter(n -> n.startsWith("grpcroute-default-grpc-app-1-gw-default-my-gateway-ep-web-1-")).count());
    }

    @Test
    void backendSchemesAndRefusedBackends() throws Exception {
        String services = """
                apiVersion: v1
                kind: Service
                metadata: {name: grpc, namespace: default}
                spec:
                  ports:
                    - {name: https-api, port: 443}
                    - {name: tls, port: 8443, appProtocol: https}
                    - {name: web, port: 8080, appProtocol: http}
                    - {name: udp, port: 53, protocol: UDP}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: grpc-1, namespace: default, labels: {kubernetes.io/service-name: grpc}}
                addressType: IPv4
                ports: [{name: https-api, port: 9443}, {name: tls, port: 9444}, {name: web, port: 9080}, {name: udp, port: 9053}]
                endpoints: [{addresses: [10.1.0.1], conditions: {ready: true}}]
                ---
                """;
        record Case(String backend, String server, String reason, String message) {
        }
        List<Case> cases = List.of(
                new Case("{name: grpc, port: 443}", "h2c://10.1.0.1:9443", null, null),
                new Case("{name: grpc, port: 8443}", "https://10.1.0.1:9444", null, null),
                new Case("{name: grpc, port: 8080}", null, "UnsupportedProtocol",
                        "Cannot load GRPCBackendRef default/grpc: only \"kubernetes.io/h2c\" and \"https\" appProtocol is supported"),
                new Case("{name: grpc, port: 53}", null, "UnsupportedProtocol",
                        "Cannot load GRPCBackendRef default/grpc: only TCP protocol is supported"),
                new Case("{name: grpc}", null, "UnsupportedProtocol", "Cannot load GRPCBackendRef core/Service/default/grpc: port is required"),
                new Case("{name: nothere, port: 80}", null, "BackendNotFound",
                        "Cannot load GRPCBackendRef default/nothere: getting service: service not found"),
                new Case("{group: traefik.io, kind: TraefikService, name: sticky}", null, "InvalidKind",
                        "Cannot load GRPCBackendRef traefik.io/TraefikService/default/sticky: only Kubernetes services are supported"),
                new Case("{name: grpc, namespace: other, port: 443}", null, "RefNotPermitted",
                        "Cannot load GRPCBackendRef core/Service/other/grpc: missing ReferenceGrant"));
        for (Case k : cases) {
            GatewayTranslation t = translate(CLASS + services + GATEWAY + grpcRoute("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - backendRefs: [%s]
                    """.formatted(k.backend())));
            DynamicConfig c = t.config();
            RouterConfig router = c.routers().values().iterator().next();
            ServiceConfig.Weighted wrr = (ServiceConfig.Weighted) c.services().get(router.service());
            assertEquals(1, wrr.services().size(), k.backend());
            ServiceConfig.LoadBalancer lb = (ServiceConfig.LoadBalancer) c.services().get(wrr.services().get(0).name());
            GatewayCondition resolved = t.routes().get(ROUTE).get(0).conditions().get(1);
            if (k.server() != null) {
                assertEquals(List.of(new ServiceConfig.Server(k.server(), 1)), lb.servers(), k.backend());
                assertTrue(resolved.holds(), k.backend());
            } else {
                assertEquals(List.of(), lb.servers(), k.backend() + ": the failing child stays, without servers");
                assertEquals(GatewayCondition.isFalse("ResolvedRefs", k.reason(), k.message()), resolved, k.backend());
                assertEquals(GatewayCondition.isTrue("Accepted", "Accepted", ""), t.routes().get(ROUTE).get(0).conditions().get(0));
            }
        }
    }

    @Test
    void onlyRequestHeaderModifierAndExtensionRefFilters() throws Exception {
        DynamicConfig c = translate(CLASS + WHOAMI + GATEWAY + grpcRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{name: whoami, port: 80}]
                    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: b}]}}]
                """)).config();
        RouterConfig router = c.routers().values().iterator().next();
        String name = router.name().replace(P, "") + "-requestheadermodifier-0" + P;
        assertEquals(List.of(name), router.middlewares());
        MiddlewareConfig m = c.middlewares().get(name);
        assertEquals("gatewayRequestHeaderModifier", m.type());
        assertEquals(Map.of("set", List.of(Map.of("name", "X-A", "value", "b"))), m.options());

        for (String filter : List.of("{type: ResponseHeaderModifier, responseHeaderModifier: {set: [{name: X-A, value: b}]}}",
                "{type: RequestMirror, requestMirror: {backendRef: {name: whoami, port: 80}}}",
                "{type: ExtensionRef, extensionRef: {group: example.com, kind: Filter, name: f}}")) {
            GatewayTranslation t = translate(CLASS + WHOAMI + GATEWAY + grpcRoute("""
                    parentRefs: [{name: my-gateway}]
                    rules:
                      - backendRefs: [{name: whoami, port: 80}]
                        filters: [%s]
                    """.formatted(filter)));
            RouterConfig r = t.config().routers().values().iterator().next();
            assertEquals(r.name().replace(P, "") + "-err-wrr" + P, r.service(), filter);
            assertEquals(List.of(), r.middlewares(), filter);
            assertEquals(List.of(), ((ServiceConfig.LoadBalancer) t.config().services().get(r.service())).servers(), filter);
            assertTrue(t.config().middlewares().isEmpty(), filter);
            assertTrue(t.routes().get(ROUTE).get(0).conditions().stream().allMatch(GatewayCondition::holds),
                    filter + ": Traefik leaves the conditions True");
        }
    }

    @Test
    void listenersDecideTlsAndAttachment() throws Exception {
        String gateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: tls-cert}]}}
                    - {name: grpc-only-http, protocol: HTTP, port: 80, allowedRoutes: {kinds: [{kind: HTTPRoute}]}}
                ---
                """;
        GatewayTranslation t = translate(CLASS + WHOAMI + SecretFixture.SECRET + gateway + grpcRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{name: whoami, port: 80}]
                """));
        assertEquals(1, t.config().routers().size(), String.valueOf(t.config().routers()));
        RouterConfig router = t.config().routers().values().iterator().next();
        assertEquals(RouterTls.DEFAULT, router.tls());
        assertEquals(List.of("websecure"), router.entryPoints());
        List<GatewayApiStatus.ListenerStatus> listeners = t.gateways().get(GATEWAY_REF).listeners();
        assertEquals(1, listeners.get(0).attachedRoutes());
        assertEquals(0, listeners.get(1).attachedRoutes(), "the listener admits HTTPRoutes only");

        String hostGateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - {name: bar, protocol: HTTP, port: 80, hostname: bar.com}
                ---
                """;
        GatewayTranslation refused = translate(CLASS + WHOAMI + hostGateway + grpcRoute("""
                parentRefs: [{name: my-gateway}]
                hostnames: [foo.com]
                rules:
                  - backendRefs: [{name: whoami, port: 80}]
                """));
        assertTrue(refused.config().routers().isEmpty());
        assertEquals(GatewayCondition.isFalse("Accepted", "NoMatchingListenerHostname", ""),
                refused.routes().get(ROUTE).get(0).conditions().get(0));
        assertEquals(0, refused.gateways().get(GATEWAY_REF).listeners().get(0).attachedRoutes());
    }
}
