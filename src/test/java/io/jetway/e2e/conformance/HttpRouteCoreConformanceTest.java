package io.jetway.e2e.conformance;

import io.jetway.e2e.conformance.ConformanceCluster.Call;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.NAME_HEADER;
import static io.jetway.e2e.conformance.ConformanceCluster.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-HTTP, core: routing tests. Each method is named
 * after the upstream test's ShortName and checks its expectations (requests and answers, route and
 * Gateway conditions) against one Jetway reading fabric8's API server mock; see docs/gateway-api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRouteCoreConformanceTest {

    @TempDir
    static Path dir;

    private ConformanceCluster cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = ConformanceCluster.start(dir);
    }

    @AfterEach
    void cleanUp() throws Exception {
        cluster.cleanUp();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String route(String name, String namespace, String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: %s}
                spec:
                %s""".formatted(name, namespace, spec.indent(2));
    }

    @Test
    void HTTPRouteSimpleSameNamespace() throws Exception {
        cluster.apply(route("gateway-conformance-infra-test", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "gateway-conformance-infra-test");
        cluster.resolvedRefsTrue(INFRA, "gateway-conformance-infra-test", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/"), "infra-backend-v1");
    }

    @Test
    void HTTPRouteExactPathMatching() throws Exception {
        cluster.apply(route("exact-matching", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: Exact, value: /one}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: Exact, value: /two}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "exact-matching");
        cluster.resolvedRefsTrue(INFRA, "exact-matching", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/one"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/two"), "infra-backend-v2");
        for (String path : List.of("/", "/one/example", "/two/", "/Two")) {
            cluster.expectStatus(Call.get(path), 404);
        }
    }

    @Test
    void HTTPRouteMatching() throws Exception {
        cluster.apply(route("matching", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches:
                  - path: {type: PathPrefix, value: /}
                  - headers: [{name: version, value: one}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches:
                  - path: {type: PathPrefix, value: /v2}
                  - headers: [{name: version, value: two}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "matching");
        cluster.resolvedRefsTrue(INFRA, "matching", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/example"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/").header("Version", "one"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/v2"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/v2/example"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/").header("Version", "two"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/v2/"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/v2example"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/foo/v2/example"), "infra-backend-v1");
    }

    @Test
    void HTTPRouteHeaderMatching() throws Exception {
        cluster.apply(route("header-matching", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{headers: [{name: version, value: one}]}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: version, value: two}]}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "header-matching");
        cluster.resolvedRefsTrue(INFRA, "header-matching", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/").header("Version", "one"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/").header("Version", "two"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/").header("Version", "two").header("Color", "orange"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/").header("Version", "two").header("Color", "blue"), "infra-backend-v2");
        cluster.expectStatus(Call.get("/").header("Color", "orange"), 404);
        cluster.expectStatus(Call.get("/").header("Some-Other-Header", "one"), 404);
        cluster.expectBackend(Call.get("/").header("Color", "blue"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/").header("Color", "green"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/").header("Color", "red"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/").header("Color", "yellow"), "infra-backend-v2");
        cluster.expectStatus(Call.get("/").header("Color", "purple"), 404);
    }

    @Test
    void HTTPRouteMatchingAcrossRoutes() throws Exception {
        cluster.apply(route("matching-part1", INFRA, """
                parentRefs: [{name: same-namespace}]
                hostnames: [example.com, example.net]
                rules:
                - matches:
                  - path: {type: PathPrefix, value: /}
                  - headers: [{name: version, value: one}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """) + "---\n" + route("matching-part2", INFRA, """
                parentRefs: [{name: same-namespace}]
                hostnames: [example.com]
                rules:
                - matches:
                  - path: {type: PathPrefix, value: /v2}
                  - headers: [{name: version, value: two}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "matching-part1", "matching-part2");
        cluster.resolvedRefsTrue(INFRA, "matching-part1", INFRA, "same-namespace");
        cluster.resolvedRefsTrue(INFRA, "matching-part2", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("example.com", "/"), "infra-backend-v1");
        cluster.expectBackend(Call.get("example.com", "/example"), "infra-backend-v1");
        cluster.expectBackend(Call.get("example.net", "/example"), "infra-backend-v1");
        cluster.expectBackend(Call.get("example.com", "/example").header("Version", "one"), "infra-backend-v1");
        cluster.expectBackend(Call.get("example.com", "/v2"), "infra-backend-v2");
        cluster.expectBackend(Call.get("example.net", "/v2"), "infra-backend-v1");
        cluster.expectBackend(Call.get("example.com", "/v2/example"), "infra-backend-v2");
        cluster.expectBackend(Call.get("example.com", "/").header("Version", "two"), "infra-backend-v2");
    }

    @Test
    void HTTPRouteHostnameIntersection() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: httproute-hostname-intersection, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: very.specific.com}
                  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.wildcard.io"}
                  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.anotherwildcard.io"}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: httproute-hostname-intersection-all, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
                ---
                """ + intersectionRoute("specific-host-matches-listener-specific-host",
                "[non.matching.com, \"*.nonmatchingwildcard.io\", very.specific.com]", "/s1", "infra-backend-v1")
                + intersectionRoute("specific-host-matches-listener-wildcard-host",
                "[non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io]", "/s2", "infra-backend-v2")
                + intersectionRoute("wildcard-host-matches-listener-specific-host", "[non.matching.com, \"*.specific.com\"]", "/s3",
                "infra-backend-v3")
                + intersectionRoute("wildcard-host-matches-listener-wildcard-host", "[\"*.anotherwildcard.io\"]", "/s4", "infra-backend-v1")
                + intersectionRoute("no-intersecting-hosts", "[specific.but.wrong.com, wildcard.io]", "/s5", "infra-backend-v2")
                + route("httproute-hostname-intersection-all", INFRA, """
                parentRefs: [{name: httproute-hostname-intersection-all, namespace: gateway-conformance-infra}]
                hostnames: [first.com, sub.first.com, second.com, sub.second.com]
                rules:
                - backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        String gw = "httproute-hostname-intersection";
        List<String> routes = List.of("specific-host-matches-listener-specific-host", "specific-host-matches-listener-wildcard-host",
                "wildcard-host-matches-listener-specific-host", "wildcard-host-matches-listener-wildcard-host");
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, gw, INFRA, routes.toArray(String[]::new));
        for (String r : routes) {
            cluster.resolvedRefsTrue(INFRA, r, INFRA, gw);
        }
        cluster.expectBackend(Call.get("very.specific.com", "/s1"), "infra-backend-v1");
        cluster.expectBackend(Call.get("very.specific.com:1234", "/s1"), "infra-backend-v1");
        cluster.expectStatus(Call.get("non.matching.com", "/s1"), 404);
        cluster.expectStatus(Call.get("foo.nonmatchingwildcard.io", "/s1"), 404);
        cluster.expectStatus(Call.get("foo.wildcard.io", "/s1"), 404);
        cluster.expectStatus(Call.get("very.specific.com", "/non-matching-prefix"), 404);

        cluster.expectBackend(Call.get("foo.wildcard.io", "/s2"), "infra-backend-v2");
        cluster.expectBackend(Call.get("bar.wildcard.io", "/s2"), "infra-backend-v2");
        cluster.expectBackend(Call.get("foo.bar.wildcard.io", "/s2"), "infra-backend-v2");
        cluster.expectStatus(Call.get("non.matching.com", "/s2"), 404);
        cluster.expectStatus(Call.get("wildcard.io", "/s2"), 404);
        cluster.expectStatus(Call.get("very.specific.com", "/s2"), 404);
        cluster.expectStatus(Call.get("foo.wildcard.io", "/non-matching-prefix"), 404);

        cluster.expectBackend(Call.get("very.specific.com", "/s3"), "infra-backend-v3");
        cluster.expectStatus(Call.get("non.matching.com", "/s3"), 404);
        cluster.expectStatus(Call.get("foo.specific.com", "/s3"), 404);
        cluster.expectStatus(Call.get("foo.wildcard.io", "/s3"), 404);
        cluster.expectStatus(Call.get("very.specific.com", "/non-matching-prefix"), 404);

        cluster.expectBackend(Call.get("foo.anotherwildcard.io", "/s4"), "infra-backend-v1");
        cluster.expectBackend(Call.get("bar.anotherwildcard.io", "/s4"), "infra-backend-v1");
        cluster.expectBackend(Call.get("foo.bar.anotherwildcard.io", "/s4"), "infra-backend-v1");
        cluster.expectStatus(Call.get("anotherwildcard.io", "/s4"), 404);
        cluster.expectStatus(Call.get("foo.wildcard.io", "/s4"), 404);
        cluster.expectStatus(Call.get("very.specific.com", "/s4"), 404);
        cluster.expectStatus(Call.get("foo.anotherwildcard.io", "/non-matching-prefix"), 404);

        // A route whose hostnames intersect no listener's: Accepted=False/NoMatchingListenerHostname, no traffic.
        cluster.routeCondition("httproute", INFRA, "no-intersecting-hosts", INFRA, gw, "Accepted", "False", "NoMatchingListenerHostname");
        cluster.expectStatus(Call.get("specific.but.wrong.com", "/s5"), 404);
        cluster.expectStatus(Call.get("wildcard.io", "/s5"), 404);

        // attachedRoutes counts only the accepted routes, per listener.
        Map<String, Integer> attached = Map.of("listener-1", 2, "listener-2", 1, "listener-3", 1);
        cluster.awaitJson("gateway", INFRA, gw, g -> attached.entrySet().stream().allMatch(e -> {
            var l = ConformanceCluster.listener(g, e.getKey());
            return l.path("attachedRoutes").asInt(-1) == e.getValue()
                    && ConformanceCluster.has(l, "Accepted", "True", null) && ConformanceCluster.has(l, "ResolvedRefs", "True", null)
                    && l.path("supportedKinds").toString().contains("\"kind\":\"HTTPRoute\"");
        }), "listeners' attachedRoutes " + attached);

        // A listener without hostname takes the route's hostnames as they are.
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "httproute-hostname-intersection-all", INFRA,
                "httproute-hostname-intersection-all");
        cluster.resolvedRefsTrue(INFRA, "httproute-hostname-intersection-all", INFRA, "httproute-hostname-intersection-all");
        for (String host : List.of("first.com", "sub.first.com", "second.com", "sub.second.com")) {
            cluster.expectBackend(Call.get(host, "/"), "infra-backend-v2");
        }
        cluster.expectStatus(Call.get("third.com", "/"), 404);
        cluster.expectStatus(Call.get("sub.third.com", "/"), 404);
    }

    private static String intersectionRoute(String name, String hostnames, String prefix, String backend) {
        return route(name, INFRA, """
                parentRefs: [{name: httproute-hostname-intersection, namespace: gateway-conformance-infra}]
                hostnames: %s
                rules:
                - matches: [{path: {type: PathPrefix, value: %s}}]
                  backendRefs: [{name: %s, port: 8080}]
                """.formatted(hostnames, prefix, backend)) + "---\n";
    }

    @Test
    void HTTPRouteListenerHostnameMatching() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: bar.com}
                  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.bar.com}
                  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.bar.com"}
                  - {name: listener-4, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.foo.com"}
                ---
                """ + route("backend-v1", INFRA, """
                parentRefs: [{name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-1}]
                rules:
                - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """) + "---\n" + route("backend-v2", INFRA, """
                parentRefs: [{name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-2}]
                rules:
                - backendRefs: [{name: infra-backend-v2, port: 8080}]
                """) + "---\n" + route("backend-v3", INFRA, """
                parentRefs:
                - {name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-3}
                - {name: httproute-listener-hostname-matching, namespace: gateway-conformance-infra, sectionName: listener-4}
                rules:
                - backendRefs: [{name: infra-backend-v3, port: 8080}]
                """));
        String gw = "httproute-listener-hostname-matching";
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, gw, INFRA, "backend-v1", "backend-v2", "backend-v3");
        for (String r : List.of("backend-v1", "backend-v2", "backend-v3")) {
            cluster.resolvedRefsTrue(INFRA, r, INFRA, gw);
        }
        cluster.expectBackend(Call.get("bar.com", "/"), "infra-backend-v1");
        cluster.expectBackend(Call.get("foo.bar.com", "/"), "infra-backend-v2");
        cluster.expectBackend(Call.get("baz.bar.com", "/"), "infra-backend-v3");
        cluster.expectBackend(Call.get("boo.bar.com", "/"), "infra-backend-v3");
        cluster.expectBackend(Call.get("multiple.prefixes.bar.com", "/"), "infra-backend-v3");
        cluster.expectBackend(Call.get("multiple.prefixes.foo.com", "/"), "infra-backend-v3");
        cluster.expectStatus(Call.get("foo.com", "/"), 404);
        cluster.expectStatus(Call.get("no.matching.host", "/"), 404);
    }

    @Test
    void HTTPRouteCrossNamespace() throws Exception {
        cluster.apply(route("cross-namespace", WEB, """
                parentRefs: [{name: backend-namespaces, namespace: gateway-conformance-infra}]
                rules:
                - backendRefs: [{name: web-backend, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "backend-namespaces", WEB, "cross-namespace");
        cluster.resolvedRefsTrue(WEB, "cross-namespace", INFRA, "backend-namespaces");
        cluster.expectBackend(Call.get("/"), "web-backend");
    }

    @Test
    void HTTPRouteReferenceGrant() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Service, name: web-backend}]
                ---
                """ + route("reference-grant", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "reference-grant");
        cluster.resolvedRefsTrue(INFRA, "reference-grant", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/"), "web-backend");

        cluster.kubectl("delete", "referencegrant.gateway.networking.k8s.io", "reference-grant", "-n", WEB);
        cluster.expectStatus(Call.get("/"), 500);
    }

    @Test
    void HTTPRouteInvalidCrossNamespaceBackendRef() throws Exception {
        cluster.apply(route("invalid-cross-namespace-backend-ref", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "invalid-cross-namespace-backend-ref");
        cluster.routeCondition("httproute", INFRA, "invalid-cross-namespace-backend-ref", INFRA, "same-namespace",
                "ResolvedRefs", "False", "RefNotPermitted");
        cluster.expectStatus(Call.get("/"), 500);
    }

    @Test
    void HTTPRouteRequestHeaderModifier() throws Exception {
        cluster.apply(route("request-header-modifier", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /set}}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /add}}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier: {add: [{name: X-Header-Add, value: add-appends-values}]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /remove}}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier: {remove: [X-Header-Remove]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /multiple}}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier:
                      set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                      add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}, {name: X-Header-Add-3, value: header-add-3}]
                      remove: [X-Header-Remove-1, X-Header-Remove-2]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /case-insensitivity}}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier:
                      set: [{name: X-Header-Set, value: header-set}]
                      add: [{name: X-Header-Add, value: header-add}]
                      remove: [X-Header-Remove]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "request-header-modifier");
        cluster.resolvedRefsTrue(INFRA, "request-header-modifier", INFRA, "same-namespace");

        expectReceived(Call.get("/set").header("Some-Other-Header", "val"),
                Map.of("Some-Other-Header", "val", "X-Header-Set", "set-overwrites-values"), List.of());
        expectReceived(Call.get("/set").header("Some-Other-Header", "val").header("X-Header-Set", "some-other-value"),
                Map.of("Some-Other-Header", "val", "X-Header-Set", "set-overwrites-values"), List.of());
        expectReceived(Call.get("/add").header("Some-Other-Header", "val"),
                Map.of("Some-Other-Header", "val", "X-Header-Add", "add-appends-values"), List.of());
        expectReceived(Call.get("/add").header("Some-Other-Header", "val").header("X-Header-Add", "some-other-value"),
                Map.of("Some-Other-Header", "val", "X-Header-Add", "some-other-value,add-appends-values"), List.of());
        expectReceived(Call.get("/remove").header("X-Header-Remove", "val"), Map.of(), List.of("X-Header-Remove"));
        expectReceived(Call.get("/multiple").header("X-Header-Set-2", "set-val-2").header("X-Header-Add-2", "add-val-2")
                        .header("X-Header-Remove-2", "remove-val-2").header("Another-Header", "another-header-val"),
                Map.of("X-Header-Set-1", "header-set-1", "X-Header-Set-2", "header-set-2", "X-Header-Add-1", "header-add-1",
                        "X-Header-Add-2", "add-val-2,header-add-2", "X-Header-Add-3", "header-add-3", "Another-Header", "another-header-val"),
                List.of("X-Header-Remove-1", "X-Header-Remove-2"));
        expectReceived(Call.get("/case-insensitivity").header("x-header-set", "original-val-set").header("x-header-add", "original-val-add")
                        .header("x-header-remove", "original-val-remove").header("Another-Header", "another-header-val"),
                Map.of("X-Header-Set", "header-set", "X-Header-Add", "original-val-add,header-add", "Another-Header", "another-header-val"),
                List.of("X-Header-Remove"));
    }

    /**
     * The request reaches infra-backend-v1 with these headers (a header sent twice counts as the
     * comma-joined list, as the suite's echo server reports it) and without those.
     */
    private void expectReceived(Call call, Map<String, String> headers, List<String> absent) throws Exception {
        ContentResponse response = cluster.expect(80, call, r -> {
            if (r.getStatus() != 200 || !"infra-backend-v1".equals(r.getHeaders().get(NAME_HEADER))) {
                return false;
            }
            Map<String, String> received = receivedHeaders(r.getContentAsString());
            return headers.entrySet().stream().allMatch(e -> e.getValue().equals(received.get(e.getKey().toLowerCase())))
                    && absent.stream().noneMatch(h -> received.containsKey(h.toLowerCase()));
        }, call + " -> infra-backend-v1 receives " + headers + " and not " + absent);
        assertEquals(200, response.getStatus());
    }

    /** The request headers in whoami's description, names lower-cased, repeated ones joined with ','. */
    static Map<String, String> receivedHeaders(String body) {
        Map<String, String> headers = new HashMap<>();
        boolean afterRequestLine = false;
        for (String line : body.split("\n")) {
            if (!afterRequestLine) {
                afterRequestLine = line.matches("^[A-Z]+ \\S+ HTTP/.*");
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                break;
            }
            headers.merge(line.substring(0, colon).toLowerCase(), line.substring(colon + 2), (a, b) -> a + "," + b);
        }
        return headers;
    }

    @Test
    void HTTPRouteWeight() throws Exception {
        cluster.apply(route("weighted-backends", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs:
                  - {name: infra-backend-v1, port: 8080, weight: 70}
                  - {name: infra-backend-v2, port: 8080, weight: 30}
                  - {name: infra-backend-v3, port: 8080, weight: 0}
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "weighted-backends");
        cluster.resolvedRefsTrue(INFRA, "weighted-backends", INFRA, "same-namespace");
        cluster.expectStatus(Call.get("/"), 200);
        // The suite: 500 requests, each backend's share within 5 points of its weight, v3 never.
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            ContentResponse r = cluster.send(80, Call.get("/?entropy=" + i));
            assertEquals(200, r.getStatus());
            counts.merge(r.getHeaders().get(NAME_HEADER), 1, Integer::sum);
        }
        double v1 = counts.getOrDefault("infra-backend-v1", 0) / 500.0;
        double v2 = counts.getOrDefault("infra-backend-v2", 0) / 500.0;
        assertTrue(Math.abs(v1 - 0.7) <= 0.05 && Math.abs(v2 - 0.3) <= 0.05 && !counts.containsKey("infra-backend-v3"),
                "distribution " + counts);
    }

    @Test
    void HTTPRoutePathMatchOrder() throws Exception {
        cluster.apply(route("path-matching-order", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: Exact, value: /match}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: Exact, value: /match/exact}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{path: {type: Exact, value: /match/exact/one}}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /match/}}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /match/prefix/}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /match/prefix/one}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "path-matching-order");
        cluster.resolvedRefsTrue(INFRA, "path-matching-order", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/match/exact/one"), "infra-backend-v3");
        cluster.expectBackend(Call.get("/match/exact"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/match"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/match/prefix/one/any"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/match/prefix/any"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/match/any"), "infra-backend-v3");
    }

    @Test
    void HTTPRouteInvalidNonExistentBackendRef() throws Exception {
        cluster.apply(route("invalid-nonexistent-backend-ref", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: nonexistent, namespace: gateway-conformance-infra, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "invalid-nonexistent-backend-ref");
        cluster.routeCondition("httproute", INFRA, "invalid-nonexistent-backend-ref", INFRA, "same-namespace",
                "ResolvedRefs", "False", "BackendNotFound");
        cluster.expectStatus(Call.get("/"), 500);
    }

    @Test
    void HTTPRouteInvalidBackendRefUnknownKind() throws Exception {
        cluster.apply(route("invalid-backend-ref-unknown-kind", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "invalid-backend-ref-unknown-kind");
        cluster.routeCondition("httproute", INFRA, "invalid-backend-ref-unknown-kind", INFRA, "same-namespace",
                "ResolvedRefs", "False", "InvalidKind");
        cluster.expectStatus(Call.get("/v2"), 500);
    }

    @Test
    void HTTPRouteInvalidCrossNamespaceParentRef() throws Exception {
        cluster.apply(route("invalid-cross-namespace-parent-ref", WEB, """
                parentRefs: [{name: same-namespace, namespace: gateway-conformance-infra}]
                rules:
                - backendRefs: [{name: web-backend, port: 8080}]
                """));
        cluster.resolvedRefsTrue(WEB, "invalid-cross-namespace-parent-ref", INFRA, "same-namespace");
        cluster.routeCondition("httproute", WEB, "invalid-cross-namespace-parent-ref", INFRA, "same-namespace",
                "Accepted", "False", "NotAllowedByListeners");
        noAcceptedParents(WEB, "invalid-cross-namespace-parent-ref");
        zeroRoutes("same-namespace");
    }

    @Test
    void HTTPRouteInvalidParentRefNotMatchingSectionName() throws Exception {
        cluster.apply(route("httproute-listener-not-matching-section-name", INFRA, """
                parentRefs: [{name: same-namespace, namespace: gateway-conformance-infra, port: {PORT_80}, sectionName: http1}]
                rules:
                - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]
                """));
        cluster.routeCondition("httproute", INFRA, "httproute-listener-not-matching-section-name", INFRA, "same-namespace",
                "Accepted", "False", "NoMatchingParent");
        noAcceptedParents(INFRA, "httproute-listener-not-matching-section-name");
        zeroRoutes("same-namespace");
    }

    /** The suite's HTTPRouteMustHaveNoAcceptedParents: no parent entry, or one that is not Accepted. */
    private void noAcceptedParents(String namespace, String route) throws Exception {
        cluster.awaitJson("httproute", namespace, route, r -> {
            var parents = r.path("status").path("parents");
            return parents.size() == 0 || parents.size() == 1 && !ConformanceCluster.has(parents.get(0), "Accepted", "True", null);
        }, "no accepted parents");
    }

    /** The suite's GatewayMustHaveZeroRoutes: no listener status, or one listener with no attached route. */
    private void zeroRoutes(String gateway) throws Exception {
        cluster.awaitJson("gateway", INFRA, gateway, g -> {
            var listeners = g.path("status").path("listeners");
            return listeners.size() == 0 || listeners.size() == 1 && listeners.get(0).path("attachedRoutes").asInt(-1) == 0;
        }, "zero attached routes");
    }

    @Test
    void HTTPRouteInvalidReferenceGrant() throws Exception {
        StringBuilder grants = new StringBuilder();
        // Each grant misses in one way: its namespace, from group, from kind, from namespace, to group, to kind, to name.
        String[][] wrong = {
                {"reference-grant-wrong-namespace", INFRA, "gateway.networking.k8s.io", "HTTPRoute", INFRA, "\"\"", "Service", "web-backend"},
                {"reference-grant-wrong-from-group", WEB, "not-the-group-youre-looking-for", "HTTPRoute", INFRA, "\"\"", "Service", "web-backend"},
                {"reference-grant-wrong-from-kind", WEB, "gateway.networking.k8s.io", "Gateway", INFRA, "\"\"", "Service", "web-backend"},
                {"reference-grant-wrong-from-namespace", WEB, "gateway.networking.k8s.io", "HTTPRoute", "not-the-namespace-youre-looking-for",
                        "\"\"", "Service", "web-backend"},
                {"reference-grant-wrong-to-group", WEB, "gateway.networking.k8s.io", "HTTPRoute", INFRA, "not-the-group-youre-looking-for",
                        "Service", "web-backend"},
                {"reference-grant-wrong-to-kind", WEB, "gateway.networking.k8s.io", "HTTPRoute", INFRA, "\"\"", "Secret", "web-backend"},
                {"reference-grant-wrong-to-name", WEB, "gateway.networking.k8s.io", "HTTPRoute", INFRA, "\"\"", "Secret",
                        "not-the-service-youre-looking-for"}};
        for (String[] g : wrong) {
            grants.append("""
                    apiVersion: gateway.networking.k8s.io/v1beta1
                    kind: ReferenceGrant
                    metadata: {name: %s, namespace: %s}
                    spec:
                      from: [{group: %s, kind: %s, namespace: %s}]
                      to: [{group: %s, kind: %s, name: %s}]
                    ---
                    """.formatted((Object[]) g));
        }
        cluster.apply(grants + route("reference-grant", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "reference-grant");
        cluster.routeCondition("httproute", INFRA, "reference-grant", INFRA, "same-namespace", "ResolvedRefs", "False", "RefNotPermitted");
        cluster.expectStatus(Call.get("/"), 500);
    }
}
