package io.jetway.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.e2e.conformance.ConformanceCluster.Call;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.NAME_HEADER;
import static io.jetway.e2e.conformance.ConformanceCluster.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-HTTP, core: routing tests. Each method is named
 * after the upstream test's ShortName and checks its expectations (requests and answers, route and
 * Gateway conditions) against one Jetway reading fabric8's API server mock; see docs/gateway-api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRouteCoreConformanceTest extends ConformanceClass {


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

    @Test
    void HTTPRoutePartiallyInvalidViaInvalidReferenceGrant() throws Exception {
        // The grant covers app-backend-v1 only: the rule to app-backend-v2 is refused, its sibling routes.
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: invalid-reference-grant, namespace: gateway-conformance-app-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Service, name: app-backend-v1}]
                ---
                """ + route("invalid-reference-grant", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /v2}}]
                  backendRefs: [{name: app-backend-v2, namespace: gateway-conformance-app-backend, port: 8080}]
                - backendRefs: [{name: app-backend-v1, namespace: gateway-conformance-app-backend, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "invalid-reference-grant");
        cluster.routeCondition("httproute", INFRA, "invalid-reference-grant", INFRA, "same-namespace", "ResolvedRefs", "False",
                "RefNotPermitted");
        cluster.expectStatus(Call.get("/v2"), 500);
        cluster.expectBackend(Call.get("/"), "app-backend-v1");
    }

    @Test
    void HTTPRouteRedirectHostAndStatus() throws Exception {
        cluster.apply(route("redirect-host-and-status", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /hostname-redirect}}]
                  filters:
                  - type: RequestRedirect
                    requestRedirect: {hostname: example.org}
                - matches: [{path: {type: PathPrefix, value: /host-and-status}}]
                  filters:
                  - type: RequestRedirect
                    requestRedirect: {statusCode: 301, hostname: example.org}
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "redirect-host-and-status");
        cluster.resolvedRefsTrue(INFRA, "redirect-host-and-status", INFRA, "same-namespace");
        expectRedirect(Call.get("/hostname-redirect"), 302, "example.org");
        expectRedirect(Call.get("/host-and-status"), 301, "example.org");
    }

    /**
     * The suite's redirect check when only the host is expected: that status, a Location with this
     * host, the request's scheme (http) and path, and no port other than the listener's (the suite
     * allows none or 80; the listener's port 80 is the entry point's port here).
     */
    private void expectRedirect(Call call, int status, String host) throws Exception {
        Set<Integer> ports = Set.of(-1, 80, cluster.port(80));
        cluster.expect(80, call, r -> {
            String location = r.getHeaders().get("Location");
            if (r.getStatus() != status || location == null) {
                return false;
            }
            URI uri = URI.create(location);
            return host.equals(uri.getHost()) && "http".equals(uri.getScheme()) && call.path().equals(uri.getRawPath())
                    && ports.contains(uri.getPort());
        }, call + " -> " + status + " to http://" + host + call.path());
    }

    @Test
    void HTTPRouteObservedGenerationBump() throws Exception {
        cluster.apply(route("observed-generation-bump", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """));
        String name = "observed-generation-bump";
        JsonNode original = cluster.awaitJson("httproute", INFRA, name, r -> parentsLatest(r)
                && ConformanceCluster.has(ConformanceCluster.parent(r, INFRA, "same-namespace"), "Accepted", "True", null),
                "route Accepted, conditions at the latest generation");
        cluster.expectBackend(Call.get("/"), "infra-backend-v1");

        cluster.kubectl("patch", "httproute", name, "-n", INFRA, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/0/name\",\"value\":\"infra-backend-v2\"}]");
        // HTTPRouteMustHaveCondition Accepted and ResolvedRefs, each polling until all parents' conditions are latest.
        JsonNode updated = cluster.awaitJson("httproute", INFRA, name, r -> generation(r) != generation(original) && parentsLatest(r)
                && ConformanceCluster.has(ConformanceCluster.parent(r, INFRA, "same-namespace"), "Accepted", "True", null)
                && ConformanceCluster.has(ConformanceCluster.parent(r, INFRA, "same-namespace"), "ResolvedRefs", "True", "ResolvedRefs"),
                "route Accepted and ResolvedRefs at the new generation");
        assertNotEquals(generation(original), generation(updated), "generation should change after an update");
        cluster.expectBackend(Call.get("/"), "infra-backend-v2");
    }

    private static long generation(JsonNode object) {
        return object.path("metadata").path("generation").asLong(-1);
    }

    /** The suite's HTTPRouteMustHaveLatestConditions: every parent's conditions observed metadata.generation. */
    private static boolean parentsLatest(JsonNode route) {
        for (JsonNode parent : route.path("status").path("parents")) {
            for (JsonNode c : parent.path("conditions")) {
                if (c.path("observedGeneration").asLong(-2) != generation(route)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The suite's HTTPRouteServiceTypes: Services without selector whose EndpointSlices are written
     * by hand (IPv4 and IPv6 slices), a headless Service (its slice written here as the endpoint
     * controller would) and a headless one with hand-written slices, all standing for the pods of
     * infra-backend-v1. As the suite fills a family's slice only when the pods have addresses of that
     * family, the IPv6 slices get an endpoint on ::1 (a second infra-backend-v1 there) when this
     * machine has IPv6 loopback, and then both families must be reached.
     */
    @Test
    void HTTPRouteServiceTypes() throws Exception {
        int v4Port = cluster.get("endpointslice", INFRA, "infra-backend-v1-x1").path("ports").get(0).path("port").asInt();
        WhoamiServer v6 = ipv6Loopback() ? WhoamiServer.start("::1", 0, "infra-backend-v1") : null;
        try {
            StringBuilder manifest = new StringBuilder(route("service-types", INFRA, """
                    parentRefs: [{name: same-namespace}]
                    rules:
                    - matches: [{path: {type: Exact, value: /manual-endpointslices}}]
                      backendRefs: [{name: manual-endpointslices, port: 8080}]
                    - matches: [{path: {type: Exact, value: /headless}}]
                      backendRefs: [{name: headless, port: 8080}]
                    - matches: [{path: {type: Exact, value: /headless-manual-endpointslices}}]
                      backendRefs: [{name: headless-manual-endpointslices, port: 8080}]
                    """)).append("---\n");
            manifest.append(typesService("manual-endpointslices", "")).append(typesService("headless", "clusterIP: None, selector: {app: infra-backend-v1}, "))
                    .append(typesService("headless-manual-endpointslices", "clusterIP: None, "));
            // The slices' port stands for the pods' port 3000: the whoami servers' ports here.
            for (String service : List.of("manual-endpointslices", "headless-manual-endpointslices")) {
                manifest.append(typesSlice(service + "-ip4", service, "IPv4", null, v4Port))
                        .append(typesSlice(service + "-ip6", service, "IPv6", null, v6 == null ? v4Port : v6.port()));
            }
            // What the endpoint controller writes for the headless Service with a selector.
            manifest.append(typesSlice("headless-x1", "headless", "IPv4", "127.0.0.1", v4Port));
            cluster.apply(manifest.toString());
            cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "service-types");
            cluster.resolvedRefsTrue(INFRA, "service-types", INFRA, "same-namespace");

            // The suite's setupEndpointSlices: the hand-written slices get the pods' addresses of their family.
            for (String service : List.of("manual-endpointslices", "headless-manual-endpointslices")) {
                addEndpoint(service + "-ip4", "127.0.0.1");
                if (v6 != null) {
                    addEndpoint(service + "-ip6", "::1");
                }
            }
            for (String path : List.of("/manual-endpointslices", "/headless-manual-endpointslices", "/headless")) {
                cluster.expectBackend(Call.get(path), "infra-backend-v1");
            }
            if (v6 != null) {
                for (String path : List.of("/manual-endpointslices", "/headless-manual-endpointslices")) {
                    // Round robin over both endpoints once the IPv6 one is in: whoami's RemoteAddr is
                    // Jetway's end of the connection, bracketed when IPv6.
                    Set<String> families = new java.util.TreeSet<>();
                    long deadline = System.nanoTime() + ConformanceCluster.LIMIT.toNanos();
                    while (families.size() < 2 && System.nanoTime() < deadline) {
                        ContentResponse r = cluster.send(80, Call.get(path));
                        assertEquals(200, r.getStatus(), path + ": " + r.getContentAsString());
                        assertEquals("infra-backend-v1", r.getHeaders().get(NAME_HEADER));
                        families.add(r.getContentAsString().contains("RemoteAddr: [") ? "IPv6" : "IPv4");
                    }
                    assertEquals(Set.of("IPv4", "IPv6"), families, path + ": both the IPv4 and the IPv6 endpoint are reached");
                }
            }
        } finally {
            if (v6 != null) {
                v6.close();
            }
        }
    }

    /** The suite patches the slice's endpoints in (here a JSON patch: the mock takes no strategic merge patch). */
    private void addEndpoint(String slice, String address) throws Exception {
        cluster.kubectl("patch", "endpointslice", slice, "-n", INFRA, "--type=json", "-p", """
                [{"op":"add","path":"/endpoints","value":[{"addresses":["%s"],"conditions":{"ready":true,"serving":true,"terminating":false}}]}]
                """.formatted(address));
    }

    private static boolean ipv6Loopback() {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return socket.getLocalPort() > 0;
        } catch (Exception none) {
            return false;
        }
    }

    private static String typesService(String name, String spec) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec: {%sports: [{name: first-port, protocol: TCP, port: 8080, targetPort: 3000}]}
                ---
                """.formatted(name, spec);
    }

    /** An EndpointSlice of the Service; with an address, one ready endpoint at that port. */
    private static String typesSlice(String name, String service, String addressType, String address, int port) {
        String endpoints = address == null ? ""
                : "endpoints: [{addresses: [\"%s\"], conditions: {ready: true, serving: true, terminating: false}}]\n".formatted(address);
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s
                  namespace: gateway-conformance-infra
                  labels: {kubernetes.io/service-name: %s}
                addressType: %s
                %sports: [{name: first-port, port: %d, protocol: TCP}]
                ---
                """.formatted(name, service, addressType, endpoints, port);
    }

    // ---- HTTPS ----

    /** A response over TLS: its status, headers (names lower-cased) and the server's certificate. */
    private record TlsResponse(int status, Map<String, String> headers, X509Certificate certificate) {
    }

    /**
     * GET over TLS on the listener port 443 with this SNI and Host, as the suite's TLS round
     * tripper does: the server's chain must verify against the CA of the certificate Secret. The
     * suite's certificate is self-signed for *, *.org and *.wildcard.org; here the Secret's
     * certificate is issued by the cluster's CA and the test checks that it is the one served.
     */
    private TlsResponse httpsGet(String host, String path) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(cluster.ca().trustStore());
        // A new context each time: a resumed session would keep the certificate of an earlier SNI.
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cluster.port(443))) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(host)));
            parameters.setApplicationProtocols(new String[]{"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String[] lines = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
                }
            }
            return new TlsResponse(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /** The suite's MakeTLSRequestAndExpectEventuallyConsistentResponse: three answers in a row. */
    private void expectHttps(String host, Predicate<TlsResponse> expectation, String what) throws Exception {
        long deadline = System.nanoTime() + ConformanceCluster.LIMIT.toNanos();
        int streak = 0;
        Object last = null;
        do {
            try {
                TlsResponse r = httpsGet(host, "/");
                last = r.status() + " " + r.headers() + " certificate " + r.certificate().getSubjectX500Principal();
                streak = expectation.test(r) ? streak + 1 : 0;
            } catch (Exception failed) {
                last = failed;
                streak = 0;
            }
            if (streak >= ConformanceCluster.CONSECUTIVE) {
                return;
            }
            Thread.sleep(streak > 0 ? 10 : 100);
        } while (System.nanoTime() < deadline);
        fail(what + "; got " + last);
    }

    @Test
    void HTTPRouteHTTPSListener() throws Exception {
        String gw = "same-namespace-with-https-listener";
        cluster.apply(route("httproute-https-test", INFRA, """
                parentRefs: [{name: same-namespace-with-https-listener}]
                hostnames: [example.org]
                rules:
                - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """) + "---\n" + route("httproute-https-test-no-hostname", INFRA, """
                parentRefs: [{name: same-namespace-with-https-listener, sectionName: https-with-hostname}]
                rules:
                - backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, gw, INFRA, "httproute-https-test", "httproute-https-test-no-hostname");
        cluster.resolvedRefsTrue(INFRA, "httproute-https-test", INFRA, gw);
        cluster.resolvedRefsTrue(INFRA, "httproute-https-test-no-hostname", INFRA, gw);

        JsonNode secret = cluster.get("secret", INFRA, "tls-validity-checks-certificate");
        X509Certificate served = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(secret.path("data").path("tls.crt").asText())));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("example.org", "infra-backend-v1");
        cases.put("unknown-example.org", null);
        cases.put("second-example.org", "infra-backend-v2");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String backend = c.getValue();
            expectHttps(c.getKey(), r -> served.equals(r.certificate()) && (backend == null ? r.status() == 404
                    : r.status() == 200 && backend.equals(r.headers().get(NAME_HEADER.toLowerCase()))),
                    "https://" + c.getKey() + "/ with the Secret's certificate -> " + (backend == null ? "404" : "200 from " + backend));
        }
    }
}
