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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-HTTP, extended: backends. Filters on a backendRef
 * (HTTPRouteBackendRequestHeaderModification), BackendTLSPolicy and the backend protocols h2c and
 * WebSocket. Each method is named after the upstream test's ShortName and checks its expectations
 * against one Jetway reading fabric8's API server mock; see docs/gateway-api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRouteBackendConformanceTest {

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

    // ---- filters on backendRefs ----

    @Test
    void HTTPRouteBackendRequestHeaderModifier() throws Exception {
        cluster.apply(route("request-header-modifier", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /set}}]
                  backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}]}
                - matches: [{path: {type: PathPrefix, value: /add}}]
                  backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {add: [{name: X-Header-Add, value: add-appends-values}]}
                - matches: [{path: {type: PathPrefix, value: /remove}}]
                  backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {remove: [X-Header-Remove]}
                - matches: [{path: {type: PathPrefix, value: /multiple}}]
                  backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                        add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}, {name: X-Header-Add-3, value: header-add-3}]
                        remove: [X-Header-Remove-1, X-Header-Remove-2]
                - matches: [{path: {type: PathPrefix, value: /case-insensitivity}}]
                  backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: header-set}]
                        add: [{name: X-Header-Add, value: header-add}]
                        remove: [X-Header-Remove]
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

    @Test
    void HTTPRouteRequestHeaderModifierBackendWeights() throws Exception {
        cluster.apply(route("request-header-modifier-backend-weights", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - backendRefs:
                  - name: infra-backend-v1
                    port: 8080
                    weight: 10
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v1}]}
                  - name: infra-backend-v2
                    port: 8080
                    weight: 10
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: Backend, value: infra-backend-v2}]}
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "request-header-modifier-backend-weights");
        cluster.resolvedRefsTrue(INFRA, "request-header-modifier-backend-weights", INFRA, "same-namespace");
        cluster.expectStatus(Call.get("/"), 200);
        // The suite: 100 requests, each with one Backend header naming the pod that got it.
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            ContentResponse r = cluster.send(80, Call.get("/"));
            assertEquals(200, r.getStatus());
            String pod = r.getHeaders().get(NAME_HEADER);
            String backend = HttpRouteCoreConformanceTest.receivedHeaders(r.getContentAsString()).get("backend");
            assertEquals(pod, backend, "request " + i + ": the Backend header the pod received");
            counts.merge(pod, 1, Integer::sum);
        }
        assertTrue(counts.getOrDefault("infra-backend-v1", 0) > 0 && counts.getOrDefault("infra-backend-v2", 0) > 0,
                "both backends get requests: " + counts);
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
            Map<String, String> received = HttpRouteCoreConformanceTest.receivedHeaders(r.getContentAsString());
            return headers.entrySet().stream().allMatch(e -> e.getValue().equals(received.get(e.getKey().toLowerCase())))
                    && absent.stream().noneMatch(h -> received.containsKey(h.toLowerCase()));
        }, call + " -> infra-backend-v1 receives " + headers + " and not " + absent);
        assertEquals(200, response.getStatus());
    }
}
