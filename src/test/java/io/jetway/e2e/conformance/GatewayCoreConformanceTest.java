package io.jetway.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.has;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Gateway API conformance v1.5.1: the Gateway tests of the core of GATEWAY-HTTP (also counted in
 * GATEWAY-GRPC and GATEWAY-TLS, as their features are only Gateway and ReferenceGrant), each named
 * after the upstream ShortName; see docs/gateway-api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayCoreConformanceTest extends ConformanceClass {


    /** A Gateway with one HTTPS listener on 443 (from: All) naming that certificate reference. */
    private static String httpsGateway(String name, String certificateRef) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    allowedRoutes: {namespaces: {from: All}}
                    tls: {certificateRefs: [%s]}
                ---
                """.formatted(name, certificateRef);
    }

    @Test
    void GatewayInvalidTLSConfiguration() throws Exception {
        cluster.apply(httpsGateway("gateway-certificate-nonexistent-secret", "{group: \"\", kind: Secret, name: nonexistent-certificate}")
                + httpsGateway("gateway-certificate-unsupported-group",
                "{group: wrong.group.company.io, kind: Secret, name: tls-validity-checks-certificate}")
                + httpsGateway("gateway-certificate-unsupported-kind", "{group: \"\", kind: WrongKind, name: tls-validity-checks-certificate}")
                + httpsGateway("gateway-certificate-malformed-secret", "{group: \"\", kind: Secret, name: malformed-certificate}")
                + """
                apiVersion: v1
                kind: Secret
                metadata: {name: malformed-certificate, namespace: gateway-conformance-infra}
                type: kubernetes.io/tls
                data: {tls.crt: SGVsbG8gd29ybGQK, tls.key: SGVsbG8gd29ybGQK}
                """);
        for (String gateway : List.of("gateway-certificate-nonexistent-secret", "gateway-certificate-unsupported-group",
                "gateway-certificate-unsupported-kind", "gateway-certificate-malformed-secret")) {
            cluster.awaitListener(INFRA, gateway, "https", List.of("HTTPRoute"), "ResolvedRefs", "False", "InvalidCertificateRef", 0);
        }
    }

    @Test
    void GatewayInvalidRouteKind() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-only-invalid-route-kind, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: InvalidRoute}]}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-supported-and-invalid-route-kind, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: InvalidRoute}, {kind: HTTPRoute}]}}
                """);
        cluster.awaitListener(INFRA, "gateway-only-invalid-route-kind", "http", List.of(), "ResolvedRefs", "False", "InvalidRouteKinds", 0);
        cluster.awaitListener(INFRA, "gateway-supported-and-invalid-route-kind", "http", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "InvalidRouteKinds", 0);
    }

    private static final String CERTIFICATE_IN_WEB = "{group: \"\", kind: Secret, name: certificate, namespace: gateway-conformance-web-backend}";

    @Test
    void GatewaySecretMissingReferenceGrant() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-missing-reference-grant", CERTIFICATE_IN_WEB));
        cluster.awaitListener(INFRA, "gateway-secret-missing-reference-grant", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "RefNotPermitted", 0);
    }

    @Test
    void GatewaySecretInvalidReferenceGrant() throws Exception {
        // The grant sits in another namespace than the Secret's, so it grants nothing.
        cluster.apply(httpsGateway("gateway-secret-invalid-reference-grant", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-wrong-namespace, namespace: gateway-conformance-app-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret, name: certificate}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-invalid-reference-grant", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "False", "RefNotPermitted", 0);
    }

    @Test
    void GatewaySecretReferenceGrantSpecific() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-reference-grant-specific", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-specific, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret, name: certificate}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-specific", "https", List.of("HTTPRoute"),
                "Programmed", "True", "Programmed", 0);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-specific", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "True", null, 0);
    }

    @Test
    void GatewaySecretReferenceGrantAllInNamespace() throws Exception {
        cluster.apply(httpsGateway("gateway-secret-reference-grant-all-in-namespace", CERTIFICATE_IN_WEB) + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-all-in-namespace, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: gateway-conformance-infra}]
                  to: [{group: "", kind: Secret}]
                """);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-all-in-namespace", "https", List.of("HTTPRoute"),
                "Programmed", "True", "Programmed", 0);
        cluster.awaitListener(INFRA, "gateway-secret-reference-grant-all-in-namespace", "https", List.of("HTTPRoute"),
                "ResolvedRefs", "True", null, 0);
    }

    /**
     * The suite's GatewayWithAttachedRoutes: attachedRoutes counts the routes a listener admits
     * (one, two), not one whose hostname does not meet the listener's (NoMatchingListenerHostname),
     * and also a route whose references do not resolve on a listener whose certificate is missing.
     * The suite writes the last Gateway and route at v1beta1, which a real API server converts; the
     * mock serves v1 only, so they are written at v1 here.
     */
    @Test
    void GatewayWithAttachedRoutes() throws Exception {
        String allowed = "allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: Selector, selector: {matchLabels: "
                + "{kubernetes.io/metadata.name: gateway-conformance-infra}}}}";
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-with-one-attached-route, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners: [{name: http, port: 80, protocol: HTTP, %1$s}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-with-two-attached-routes, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners: [{name: http, port: 80, protocol: HTTP, hostname: foo.example.com, %1$s}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: unresolved-gateway-with-one-attached-unresolved-route, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - name: tls
                    port: 443
                    protocol: HTTPS
                    %1$s
                    tls: {certificateRefs: [{group: "", kind: Secret, name: does-not-exist}], mode: Terminate}
                ---
                """.formatted(allowed)
                + attachedRoute("http-route-1", "gateway-with-one-attached-route", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-2", "gateway-with-two-attached-routes", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-3", "gateway-with-two-attached-routes", "", "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-not-accepted", "gateway-with-two-attached-routes", "hostnames: [not-accepted.test.com]",
                        "{name: infra-backend-v1, port: 8080}")
                + attachedRoute("http-route-4", "unresolved-gateway-with-one-attached-unresolved-route", "",
                        "{name: does-not-exist}").replace("name: unresolved-gateway-with-one-attached-unresolved-route}",
                        "name: unresolved-gateway-with-one-attached-unresolved-route, sectionName: tls}"));
        cluster.awaitListener(INFRA, "gateway-with-one-attached-route", "http", List.of("HTTPRoute"), "Accepted", "True", null, 1);
        cluster.awaitListener(INFRA, "gateway-with-one-attached-route", "http", List.of("HTTPRoute"), "ResolvedRefs", "True", null, 1);
        cluster.awaitListener(INFRA, "gateway-with-two-attached-routes", "http", List.of("HTTPRoute"), "Accepted", "True", null, 2);
        cluster.routeCondition("httproute", INFRA, "http-route-not-accepted", INFRA, "gateway-with-two-attached-routes",
                "Accepted", "False", "NoMatchingListenerHostname");
        cluster.awaitListener(INFRA, "unresolved-gateway-with-one-attached-unresolved-route", "tls", List.of("HTTPRoute"),
                "Programmed", "False", null, 1);
        cluster.awaitListener(INFRA, "unresolved-gateway-with-one-attached-unresolved-route", "tls", List.of("HTTPRoute"),
                "ResolvedRefs", "False", null, 1);
        cluster.routeCondition("httproute", INFRA, "http-route-4", INFRA, "unresolved-gateway-with-one-attached-unresolved-route",
                "ResolvedRefs", "False", null);
    }

    private static String attachedRoute(String name, String gateway, String extra, String backendRef) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  %s
                  parentRefs: [{kind: Gateway, namespace: gateway-conformance-infra, name: %s}]
                  rules: [{backendRefs: [%s]}]
                ---
                """.formatted(name, extra.isEmpty() ? "hostnames: []" : extra, gateway, backendRef);
    }

    // ---- observedGeneration and listener changes ----

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The suite's ConditionsHaveLatestObservedGeneration: every condition observed the object's metadata.generation. */
    private static boolean latest(JsonNode object, JsonNode conditions) {
        long generation = object.path("metadata").path("generation").asLong(-1);
        for (JsonNode c : conditions) {
            if (c.path("observedGeneration").asLong(-2) != generation) {
                return false;
            }
        }
        return true;
    }

    private static long generation(JsonNode object) {
        return object.path("metadata").path("generation").asLong(-1);
    }

    /**
     * The suite's client.Patch(MergeFrom): a JSON merge patch, in which a list given replaces the
     * whole list. Sent as the equivalent JSON patch {@code replace} of that field: fabric8's mock
     * appends a merge patch's list to the stored one instead of replacing it.
     */
    private void replace(String kind, String namespace, String name, String field, String json) throws Exception {
        List<String> args = new ArrayList<>(List.of("patch", kind, name, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"" + field + "\",\"value\":" + json + "}]"));
        if (namespace != null) {
            args.addAll(List.of("-n", namespace));
        }
        cluster.kubectl(args.toArray(String[]::new));
    }

    /**
     * The suite's NamespacesMustBeReady for the infra namespace: every Gateway there has its
     * conditions at its latest generation, Accepted and Programmed (no Pods in this world).
     */
    private void namespaceReady() throws Exception {
        long deadline = System.nanoTime() + ConformanceCluster.LIMIT.toNanos();
        List<String> notReady;
        do {
            notReady = new ArrayList<>();
            for (JsonNode g : JSON.readTree(cluster.kubectl("get", "gateways", "-n", INFRA, "-o", "json")).path("items")) {
                JsonNode status = g.path("status");
                if (!latest(g, status.path("conditions")) || !has(status, "Accepted", "True", null)
                        || !has(status, "Programmed", "True", null)) {
                    notReady.add(g.path("metadata").path("name").asText() + " (generation " + generation(g) + "): "
                            + status.path("conditions") + " listeners " + status.path("listeners"));
                }
            }
            if (notReady.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        fail("Gateways of " + INFRA + " not ready: " + notReady);
    }

    /** The suite's GatewayMustHaveLatestConditions. */
    private JsonNode gatewayLatest(String name) throws Exception {
        return cluster.awaitJson("gateway", INFRA, name, g -> latest(g, g.path("status").path("conditions")),
                "conditions at the latest generation");
    }

    /**
     * The suite's GatewayStatusMustHaveListeners with its expectation of these tests: exactly these
     * listeners, each with HTTPRoute among its kinds, Accepted and ResolvedRefs True, and that many
     * attached routes; the Gateway's conditions at the latest generation.
     */
    private void listenersMustBe(String gateway, Map<String, Integer> attachedRoutes) throws Exception {
        cluster.awaitJson("gateway", INFRA, gateway, g -> {
            JsonNode listeners = g.path("status").path("listeners");
            return latest(g, g.path("status").path("conditions")) && listeners.size() == attachedRoutes.size()
                    && attachedRoutes.entrySet().stream().allMatch(e -> {
                JsonNode l = ConformanceCluster.listener(g, e.getKey());
                return l.path("attachedRoutes").asInt(-1) == e.getValue() && has(l, "Accepted", "True", null)
                        && has(l, "ResolvedRefs", "True", null)
                        && l.path("supportedKinds").toString().contains("{\"group\":\"gateway.networking.k8s.io\",\"kind\":\"HTTPRoute\"}");
            });
        }, "listeners exactly " + attachedRoutes.keySet() + " with attachedRoutes " + attachedRoutes);
    }

    @Test
    void GatewayClassObservedGenerationBump() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gatewayclass-observed-generation-bump}
                spec:
                  controllerName: traefik.io/gateway-controller
                  description: old
                """);
        String name = "gatewayclass-observed-generation-bump";
        // GWCMustHaveAcceptedConditionAny (Accepted with any status, all conditions latest), then the sanity check.
        JsonNode original = cluster.awaitJson("gatewayclass", null, name, c -> latest(c, c.path("status").path("conditions"))
                && !ConformanceCluster.condition(c.path("status"), "Accepted").isMissingNode(), "Accepted at the latest generation");

        replace("gatewayclass", null, name, "/spec/description", "\"new\"");
        JsonNode updated = cluster.awaitJson("gatewayclass", null, name, c -> generation(c) != generation(original)
                && latest(c, c.path("status").path("conditions")) && !ConformanceCluster.condition(c.path("status"), "Accepted").isMissingNode(),
                "Accepted at the new generation");
        assertNotEquals(generation(original), generation(updated), "generation should change after an update");
    }

    @Test
    void GatewayObservedGenerationBump() throws Exception {
        String name = "gateway-observed-generation-bump";
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-observed-generation-bump, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, hostname: bar.com, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                """);
        namespaceReady();
        JsonNode original = gatewayLatest(name);

        replace("gateway", INFRA, name, "/spec/listeners", """
                [{"name":"http","hostname":"bar.com","port":%1$d,"protocol":"HTTP","allowedRoutes":{"namespaces":{"from":"All"}}},
                 {"name":"alternate","hostname":"foo.com","port":%1$d,"protocol":"HTTP","allowedRoutes":{"namespaces":{"from":"All"}}}]
                """.formatted(cluster.port(80)));
        cluster.awaitJson("gateway", INFRA, name, g -> generation(g) != generation(original), "a new generation");
        namespaceReady();
        JsonNode updated = gatewayLatest(name);
        assertNotEquals(generation(original), generation(updated), "generation should change after an update");
    }

    private static final String HTTPS_LISTENER = """
            {"name":"https","port":%d,"protocol":"HTTPS","hostname":"secure.test.com","allowedRoutes":{"namespaces":{"from":"All"}},
             "tls":{"certificateRefs":[{"group":"","kind":"Secret","name":"tls-validity-checks-certificate","namespace":"gateway-conformance-infra"}]}}""";

    @Test
    void GatewayModifyListeners() throws Exception {
        String httpsListener = """
                  - name: https
                    port: 443
                    protocol: HTTPS
                    hostname: secure.test.com
                    allowedRoutes: {namespaces: {from: All}}
                    tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: gateway-conformance-infra}]}
                """;
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-add-listener, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                %1$s---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-route-1, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{kind: Gateway, name: gateway-add-listener, namespace: gateway-conformance-infra}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-remove-listener, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                %1$s  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-route-2, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{kind: Gateway, name: gateway-remove-listener, namespace: gateway-conformance-infra}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """.formatted(httpsListener));

        // Adding a listener: it gets its status and the route attaches to it.
        namespaceReady();
        JsonNode original = gatewayLatest("gateway-add-listener");
        replace("gateway", INFRA, "gateway-add-listener", "/spec/listeners", """
                [%s,
                 {"name":"http","port":%d,"protocol":"HTTP","hostname":"data.test.com","allowedRoutes":{"namespaces":{"from":"All"}}}]
                """.formatted(HTTPS_LISTENER.formatted(cluster.port(443)), cluster.port(80)));
        cluster.awaitJson("gateway", INFRA, "gateway-add-listener", g -> generation(g) != generation(original), "a new generation");
        namespaceReady();
        listenersMustBe("gateway-add-listener", Map.of("https", 1, "http", 1));
        JsonNode updated = gatewayLatest("gateway-add-listener");
        assertNotEquals(generation(original), generation(updated), "generation should change after an update");

        // Removing a listener: its status goes, the other keeps its route.
        namespaceReady();
        JsonNode before = gatewayLatest("gateway-remove-listener");
        listenersMustBe("gateway-remove-listener", Map.of("https", 1, "http", 1));
        replace("gateway", INFRA, "gateway-remove-listener", "/spec/listeners", """
                [{"name":"http","port":%d,"protocol":"HTTP","allowedRoutes":{"namespaces":{"from":"All"}}}]
                """.formatted(cluster.port(80)));
        cluster.awaitJson("gateway", INFRA, "gateway-remove-listener", g -> generation(g) != generation(before), "a new generation");
        namespaceReady();
        listenersMustBe("gateway-remove-listener", Map.of("http", 1));
        JsonNode after = gatewayLatest("gateway-remove-listener");
        assertNotEquals(generation(before), generation(after), "generation should change after an update");
    }
}
